/**
 * A minimal FlatBuffers reader: just enough to walk the TFLite schema (tables, vectors of scalars, vectors of
 * tables, strings, nested tables). No code generation and no dependency. Layout reminder: a table starts with a
 * signed int32 offset back to its vtable; the vtable holds uint16 [vtable size, table size, field offsets...];
 * a field offset of 0 means "absent, use the schema default". References (tables, vectors, strings) are uint32
 * offsets relative to where they are stored. Everything is little-endian.
 */
export class FbTable {
  constructor(
    private readonly view: DataView,
    /** Byte position of the table in the buffer. */
    readonly pos: number,
  ) {}

  /** Byte position of field `slot` (0-based as in the .fbs file; a union takes two slots), or 0 when absent. */
  private field(slot: number): number {
    const vtable = this.pos - this.view.getInt32(this.pos, true);
    const vtSize = this.view.getUint16(vtable, true);
    const at = 4 + 2 * slot;
    if (at >= vtSize) return 0;
    const off = this.view.getUint16(vtable + at, true);
    return off === 0 ? 0 : this.pos + off;
  }

  has(slot: number): boolean {
    return this.field(slot) !== 0;
  }

  uint8(slot: number, dflt = 0): number {
    const p = this.field(slot);
    return p ? this.view.getUint8(p) : dflt;
  }

  int8(slot: number, dflt = 0): number {
    const p = this.field(slot);
    return p ? this.view.getInt8(p) : dflt;
  }

  int32(slot: number, dflt = 0): number {
    const p = this.field(slot);
    return p ? this.view.getInt32(p, true) : dflt;
  }

  uint32(slot: number, dflt = 0): number {
    const p = this.field(slot);
    return p ? this.view.getUint32(p, true) : dflt;
  }

  float32(slot: number, dflt = 0): number {
    const p = this.field(slot);
    return p ? this.view.getFloat32(p, true) : dflt;
  }

  private deref(slot: number): number {
    const p = this.field(slot);
    return p ? p + this.view.getUint32(p, true) : 0;
  }

  table(slot: number): FbTable | undefined {
    const p = this.deref(slot);
    return p ? new FbTable(this.view, p) : undefined;
  }

  string(slot: number): string {
    const p = this.deref(slot);
    if (!p) return '';
    const n = this.view.getUint32(p, true);
    return new TextDecoder().decode(new Uint8Array(this.view.buffer, this.view.byteOffset + p + 4, n));
  }

  /** Vector position and length; [0, 0] when absent. */
  private vector(slot: number): [number, number] {
    const p = this.deref(slot);
    return p ? [p + 4, this.view.getUint32(p, true)] : [0, 0];
  }

  int32s(slot: number): number[] {
    const [p, n] = this.vector(slot);
    return Array.from({ length: n }, (_, i) => this.view.getInt32(p + 4 * i, true));
  }

  float32s(slot: number): number[] {
    const [p, n] = this.vector(slot);
    return Array.from({ length: n }, (_, i) => this.view.getFloat32(p + 4 * i, true));
  }

  /** int64 vector read as numbers (zero points are small). */
  int64s(slot: number): number[] {
    const [p, n] = this.vector(slot);
    return Array.from({ length: n }, (_, i) => Number(this.view.getBigInt64(p + 8 * i, true)));
  }

  /** A [ubyte] vector as a view into the buffer (no copy). */
  bytes(slot: number): Uint8Array {
    const [p, n] = this.vector(slot);
    return new Uint8Array(this.view.buffer, this.view.byteOffset + p, n);
  }

  tables(slot: number): FbTable[] {
    const [p, n] = this.vector(slot);
    return Array.from({ length: n }, (_, i) => {
      const at = p + 4 * i;
      return new FbTable(this.view, at + this.view.getUint32(at, true));
    });
  }
}

/** The root table of a FlatBuffer (uint32 offset at byte 0; bytes 4..8 hold the file identifier). */
export function fbRoot(bytes: Uint8Array): FbTable {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return new FbTable(view, view.getUint32(0, true));
}

/** The 4-byte file identifier ("TFL3" for TFLite). */
export function fbIdentifier(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes.subarray(4, 8));
}
