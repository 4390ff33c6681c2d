import t from 'tap';
import { responseTarget } from '../../../../src/reference/api/printing/response-target.ts';
import { ApiError } from '../../../../src/reference/api/status.ts';

t.test('kubectl get asks for a v1 Table first, v1beta1 next, the object last', async (t) => {
  t.same(responseTarget('application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json'), { as: 'Table', apiVersion: 'meta.k8s.io/v1' });
  t.same(responseTarget('application/json;as=Table;v=v1beta1;g=meta.k8s.io'), { as: 'Table', apiVersion: 'meta.k8s.io/v1beta1' });
});

t.test('metadata-only clients', async (t) => {
  t.same(responseTarget('application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json'), { as: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1' });
  t.same(responseTarget('application/json; as=PartialObjectMetadata; g=meta.k8s.io; v=v1'), { as: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1' });
});

t.test('plain objects without a conversion', async (t) => {
  for (const accept of [undefined, '', 'application/json', '*/*', 'application/json, */*', 'application/yaml', 'application/json;charset=utf-8']) t.same(responseTarget(accept), { as: 'Object' }, String(accept));
});

t.test('preference order: q values, then the client\'s order; unservable clauses are skipped', async (t) => {
  t.same(responseTarget('application/json;q=0.5,application/json;as=Table;v=v1;g=meta.k8s.io'), { as: 'Table', apiVersion: 'meta.k8s.io/v1' });
  t.same(responseTarget('application/json;as=Table;v=v2;g=meta.k8s.io,application/json'), { as: 'Object' });
  t.same(responseTarget('application/json;as=Widget;v=v1;g=meta.k8s.io,*/*;q=0.1'), { as: 'Object' });
});

t.test('406 when nothing offered can be served', async (t) => {
  for (const accept of ['application/json;as=Widget;v=v1;g=meta.k8s.io', 'application/json;as=Table;v=v1;g=example.com', 'application/json;as=Table', 'text/html', 'application/json;q=0']) {
    t.throws(() => responseTarget(accept), new ApiError(406, 'NotAcceptable', 'only the following media types are accepted: application/json, application/yaml'), accept);
    try {
      responseTarget(accept);
    } catch (err) {
      t.equal((err as ApiError).code, 406);
    }
  }
});
