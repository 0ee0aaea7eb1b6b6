// What the normaliser finds in an event: fixed strings (event kind, action,
// subject and object kinds, how) and field locations (record, field) that the
// printers seek to and interpret, as libauparse's normalize_data holds them.
// One instance is reused for every event.

/** A field location: record number × 65536 + field number; UNSET when none. */
export type FieldLocation = number;
export const UNSET: FieldLocation = -1;

export function at(record: number, field: number): FieldLocation {
  return record * 0x10000 + (field & 0xffff);
}

export function recordOf(loc: FieldLocation): number {
  return Math.floor(loc / 0x10000);
}

export function fieldOf(loc: FieldLocation): number {
  return loc & 0xffff;
}

/** 'all' also collects subject and object attributes (needed for the label columns). */
export type NormalizeOption = 'all' | 'no-attrs';

export class Normalized {
  evkind: string | undefined;
  session: FieldLocation = UNSET;
  subjPrimary: FieldLocation = UNSET;
  subjSecondary: FieldLocation = UNSET;
  subjKind: string | undefined;
  readonly subjAttrs: FieldLocation[] = [];
  action: string | undefined;
  objPrimary: FieldLocation = UNSET;
  objSecondary: FieldLocation = UNSET;
  obj2: FieldLocation = UNSET;
  readonly objAttrs: FieldLocation[] = [];
  objKind = 'unknown';
  results: FieldLocation = UNSET;
  how: string | undefined;
  key: FieldLocation = UNSET;

  clear(): void {
    this.evkind = undefined;
    this.session = UNSET;
    this.subjPrimary = UNSET;
    this.subjSecondary = UNSET;
    this.subjKind = undefined;
    this.subjAttrs.length = 0;
    this.action = undefined;
    this.objPrimary = UNSET;
    this.objSecondary = UNSET;
    this.obj2 = UNSET;
    this.objAttrs.length = 0;
    this.objKind = 'unknown';
    this.results = UNSET;
    this.how = undefined;
    this.key = UNSET;
  }
}
