// The user a request is served for, carried through the async work of the
// request (kube-apiserver keeps it in the request context), so that code deep
// in the write path (escalation checks, reviews, TokenRequest) can ask who is
// asking. Work started outside a request (bootstrap, controllers in process)
// has no user.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { UserInfo } from '../authn.ts';

const storage = new AsyncLocalStorage<UserInfo>();

export function runAsUser<T>(user: UserInfo, work: () => T): T {
  return storage.run(user, work);
}

export function requestUser(): UserInfo | undefined {
  return storage.getStore();
}
