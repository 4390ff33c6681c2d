import t from 'tap';
import { readDeclarations } from '../../../../src/reference/api/schema/generator/declaration-docs.ts';

t.test('openapi-generator classes', async (t) => {
  const source = [
    '/**',
    '* Kubernetes',
    '*/',
    "import { V1Thing } from '../models/V1Thing.js';",
    '/**',
    '* Widget is a thing.',
    '*/',
    'export declare class V1Widget {',
    '    /**',
    "    * Name of the widget\\'s owner.",
    '    */',
    "    'name': string;",
    "    'thing'?: V1Thing;",
    '    /**',
    '    * Labels.',
    '    */',
    "    'labels'?: {",
    '        [key: string]: string;',
    '    };',
    '    static readonly discriminator: string | undefined;',
    '    static getAttributeTypeMap(): {',
    '        name: string;',
    '    }[];',
    '}',
  ].join('\n');
  const [widget, ...rest] = readDeclarations(source, (s) => s.replaceAll("\\'", "'"));
  t.same(rest, []);
  t.equal(widget!.name, 'V1Widget');
  t.equal(widget!.description, 'Widget is a thing.');
  t.same([...widget!.properties], [
    ['name', { optional: false, typeText: 'string', description: "Name of the widget's owner." }],
    ['thing', { optional: true, typeText: 'V1Thing' }],
    ['labels', { optional: true, typeText: '{ [key: string]: string; }', description: 'Labels.' }],
  ]);
});

t.test('kubernetes-models interfaces and type aliases', async (t) => {
  const source = [
    '/**',
    ' * First paragraph.',
    ' *',
    ' * Second: \\*\\/scale.',
    ' */',
    'export interface IWidget {',
    '    /**',
    '     * Policy.',
    '     *',
    '     * Possible enum values:',
    '     *  - `"A"` is a.',
    '     */',
    '    "policy"?: "A" | "B";',
    '}',
    '/**',
    ' * Time is a timestamp.',
    ' */',
    'export type ITime = string;',
    'export type { ITime as IIoK8sTime };',
  ].join('\n');
  const [widget, time] = readDeclarations(source, (s) => s.replace(/\\([*/])/g, '$1'));
  t.equal(widget!.description, 'First paragraph.\n\nSecond: */scale.');
  t.same(widget!.properties.get('policy'), { optional: true, typeText: '"A" | "B"', description: 'Policy.\n\nPossible enum values:\n - `"A"` is a.' });
  t.equal(time!.name, 'ITime');
  t.equal(time!.description, 'Time is a timestamp.');
});
