// etcd3's wire shapes (Buffers, revisions as decimal strings) to the store's.
import type { IEvent, IKeyValue } from 'etcd3';
import type { KeyValue, WatchEvent } from './store.ts';

export function toKeyValue(kv: IKeyValue): KeyValue {
  return {
    key: kv.key.toString('utf8'),
    value: kv.value.toString('utf8'),
    createRevision: Number(kv.create_revision),
    modRevision: Number(kv.mod_revision),
  };
}

export function toWatchEvent(event: IEvent): WatchEvent {
  const converted: WatchEvent = {
    type: event.type === 'Put' ? 'put' : 'delete',
    kv: toKeyValue(event.kv),
    revision: Number(event.kv.mod_revision),
  };
  // Absent on the wire, prev_kv arrives as null despite its declared type.
  if (event.prev_kv) converted.prevKv = toKeyValue(event.prev_kv);
  return converted;
}
