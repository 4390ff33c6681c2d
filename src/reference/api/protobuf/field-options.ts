// The field options the generator writes into the descriptor file and the JSON
// conversion reads: what Go's encoding/json does with a field depends on them,
// and the wire format does not carry them.

/** false: gogo generated a value, not a pointer, so the field is on the wire even when it holds Go's zero value. gogo.proto's own option, copied from kubectl's descriptors. */
export const nullableOption = '(gogoproto.nullable)';

/** true: an embedded struct tagged json:",inline"; its fields appear in the parent's JSON object. */
export const inlineOption = '(kdrill.json_inline)';

/** Whether the JSON tag of a value field says omitempty; absent when the binary's tags do not tell (go-struct-tags.ts). */
export const omitemptyOption = '(kdrill.json_omitempty)';
