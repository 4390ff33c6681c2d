import t from 'tap';
import { createCauses, service, updateCauses, type Loose } from './fixtures/objects.ts';

t.test('service create', async (t) => {
  const cases: [string, (s: Loose) => void, unknown[]][] = [
    ['no ports', (s) => { s.spec.ports = []; }, [{ reason: 'FieldValueRequired', field: 'spec.ports', message: 'Required value' }]],
    ['headless without ports', (s) => { s.spec.ports = []; s.spec.clusterIP = 'None'; }, []],
    ['port out of range', (s) => { s.spec.ports[0].port = 0; }, [
      { reason: 'FieldValueInvalid', field: 'spec.ports[0].port', message: 'Invalid value: 0: must be between 1 and 65535, inclusive' },
      { reason: 'FieldValueInvalid', field: 'spec.ports[0].targetPort', message: 'Invalid value: 0: must be between 1 and 65535, inclusive' },
    ]],
    ['several ports need names', (s) => { s.spec.ports.push({ name: 'https', port: 443 }); }, [
      { reason: 'FieldValueRequired', field: 'spec.ports[0].name', message: 'Required value' },
    ]],
    ['same port twice', (s) => { s.spec.ports = [{ name: 'a', port: 80 }, { name: 'b', port: 80 }]; }, [
      { reason: 'FieldValueDuplicate', field: 'spec.ports[1]', message: 'Duplicate value: {"Name":"","Protocol":"TCP","AppProtocol":null,"Port":80,"TargetPort":0,"NodePort":0}' },
    ]],
    ['target port name', (s) => { s.spec.ports[0].targetPort = 'HTTP'; }, [
      { reason: 'FieldValueInvalid', field: 'spec.ports[0].targetPort', message: 'Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)' },
      { reason: 'FieldValueInvalid', field: 'spec.ports[0].targetPort', message: 'Invalid value: "HTTP": must contain at least one letter (a-z)' },
    ]],
    ['type', (s) => { s.spec.type = 'Internal'; }, [
      { reason: 'FieldValueNotSupported', field: 'spec.type', message: 'Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"' },
    ]],
    ['node port on a ClusterIP service', (s) => { s.spec.ports[0].nodePort = 30080; }, [
      { reason: 'FieldValueForbidden', field: 'spec.ports[0].nodePort', message: 'Forbidden: may not be used when `type` is \'ClusterIP\'' },
    ]],
    ['session affinity', (s) => { s.spec.sessionAffinity = 'Cookie'; }, [
      { reason: 'FieldValueNotSupported', field: 'spec.sessionAffinity', message: 'Unsupported value: "Cookie": supported values: "ClientIP", "None"' },
    ]],
    ['ExternalName needs a name', (s) => { s.spec = { type: 'ExternalName' }; }, [
      { reason: 'FieldValueRequired', field: 'spec.externalName', message: 'Required value' },
    ]],
    ['headless NodePort', (s) => { s.spec.type = 'NodePort'; s.spec.clusterIP = 'None'; }, [
      { reason: 'FieldValueInvalid', field: 'spec.clusterIPs[0]', message: 'Invalid value: "None": may not be set to \'None\' for NodePort services' },
    ]],
    ['external traffic policy on a ClusterIP service', (s) => { s.spec.externalTrafficPolicy = 'Local'; }, [
      { reason: 'FieldValueInvalid', field: 'spec.externalTrafficPolicy', message: 'Invalid value: "Local": may only be set for externally-accessible services' },
    ]],
    ['cluster IP', (s) => { s.spec.clusterIP = '10.96.0.300'; }, [
      { reason: 'FieldValueInvalid', field: 'spec.clusterIPs[0]', message: 'Invalid value: "10.96.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)' },
    ]],
    ['external IP in the loopback range', (s) => { s.spec.externalIPs = ['127.0.0.1']; }, [
      { reason: 'FieldValueInvalid', field: 'spec.externalIPs[0]', message: 'Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)' },
    ]],
    ['selector', (s) => { s.spec.selector = { app: 'web app' }; }, [{
      reason: 'FieldValueInvalid', field: 'spec.selector',
      message: 'Invalid value: "web app": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')',
    }]],
  ];
  for (const [name, mutate, expected] of cases) {
    const s = service();
    mutate(s);
    t.same(createCauses(s), expected, name);
  }
});

t.test('service update: allocated cluster IPs stay', async (t) => {
  const allocated = service();
  allocated.spec.clusterIP = '10.96.0.20';
  const moved = service();
  moved.spec.clusterIP = '10.96.0.21';
  t.same(updateCauses(moved, allocated), [
    { reason: 'FieldValueInvalid', field: 'spec.clusterIPs[0]', message: 'Invalid value: ["10.96.0.21"]: may not change once set' },
  ]);
  const dropped = service();
  dropped.spec.clusterIPs = [];
  t.same(updateCauses(dropped, allocated)[0], { reason: 'FieldValueInvalid', field: 'spec.clusterIPs[0]', message: 'Invalid value: []: primary clusterIP can not be unset' });
  const relabelled = structuredClone(allocated);
  relabelled.metadata.labels = { tier: 'front' };
  t.same(updateCauses(relabelled, allocated), []);
});
