/** MPI datatypes: predefined ones and (later) derived ones, with cached size and extents. */
import { native } from './native';

import type { BufferLike } from './bufspec';
import type { Comm } from './Comm';
import { FREED, HANDLE, liveHandle, setKind } from './handle';
import { argTypeError, argRangeError, checkCount, checkInt, usageError } from './errors';
import { checkAintList, checkIntList, sameLength } from './lists';
import { isArrayBuffer, isSharedArrayBuffer } from './kinds';
import * as attrs from './attributes';

const IDS = native.constants.datatypes;

/** An MPI datatype (`MPI_Datatype`). */
export class Datatype {
  /** @internal */
  [HANDLE]: number;
  /** @internal Cached [size, lb, extent, true_lb, true_extent]; read after MPI is initialized. */
  private info: number[] | null = null;
  /** @internal The predefined name (`DOUBLE`), or null for derived types. */
  readonly predefinedName: string | null;
  /** @internal A named datatype MPI handed out (`Match_size`, `Create_f90_*`): predefined, cannot be freed. */
  named = false;
  /** @internal Known committed (predefined types are); derived types ask the addon until they are. */
  private knownCommitted: boolean;

  /** @internal */
  constructor(id: number, predefinedName: string | null = null) {
    this[HANDLE] = id;
    this.predefinedName = predefinedName;
    this.knownCommitted = predefinedName !== null;
  }

  /** @internal Whether the datatype is committed (usable in communication); throws naming `method` when freed. */
  isCommitted(method: string): boolean {
    if (this.knownCommitted) return true;
    const committed = native.typeInfo(liveHandle(this, 'Datatype', method))[6];
    this.knownCommitted = committed;
    return committed;
  }

  /** @internal Size and extents; cached (they never change for a datatype). */
  layout(method: string): number[] {
    if (this.info !== null) return this.info;
    const h = liveHandle(this, 'Datatype', method);
    const [size, lb, extent, tlb, textent] = native.typeInfo(h);
    const info = [size, lb, extent, tlb, textent];
    this.info = info;
    return info;
  }

  /** @internal The live addon id (throws naming the method when freed). */
  layoutId(method: string): number {
    return liveHandle(this, 'Datatype', method);
  }

  /** Size in bytes of the data in one element (`MPI_Type_size`). */
  Get_size(): number {
    return this.layout('Get_size')[0]!;
  }

  /**
   * `[lb, extent]` (`MPI_Type_get_extent`).
   *
   * @returns the lower bound and the extent in bytes: element k of a buffer starts at byte k × extent
   */
  Get_extent(): [number, number] {
    const l = this.layout('Get_extent');
    return [l[1]!, l[2]!];
  }

  /** `[lb, extent]` of the data itself (`MPI_Type_get_true_extent`). */
  Get_true_extent(): [number, number] {
    const l = this.layout('Get_true_extent');
    return [l[3]!, l[4]!];
  }

  get size(): number {
    return this.Get_size();
  }

  get extent(): number {
    return this.layout('extent')[2]!;
  }

  get lb(): number {
    return this.layout('lb')[1]!;
  }

  /** The datatype's name (`MPI_Type_get_name`), e.g. `MPI_DOUBLE`. */
  Get_name(): string {
    if (this[HANDLE] === 0) return 'MPI_DATATYPE_NULL';
    return native.typeGetName(liveHandle(this, 'Datatype', 'Get_name'));
  }

  get name(): string {
    return this.Get_name();
  }

  /** A duplicate (`MPI_Type_dup`). */
  Dup(): Datatype {
    return attrs.copied(this, new Datatype(native.typeDup(liveHandle(this, 'Datatype', 'Dup'))));
  }

  /** A new attribute key for datatypes (`MPI_Type_create_keyval`); `copy_fn` decides what `Dup` copies. */
  static Create_keyval(copy_fn: attrs.CopyFn<Datatype> = null, delete_fn: attrs.DeleteFn<Datatype> = null): number {
    return attrs.createKeyval('Datatype', copy_fn, delete_fn);
  }

  /** Frees an attribute key (`MPI_Type_free_keyval`); returns `MPI.KEYVAL_INVALID`. */
  static Free_keyval(keyval: number): number {
    return attrs.freeKeyval('Datatype', keyval);
  }

  /** The attribute value of `keyval`, or null when none is set (`MPI_Type_get_attr`). */
  Get_attr(keyval: number): unknown {
    liveHandle(this, 'Datatype', 'Get_attr');
    return attrs.getAttr('Datatype', this, keyval);
  }

  /** Sets the attribute value of `keyval` (`MPI_Type_set_attr`); a value already set is deleted first. */
  Set_attr(keyval: number, attrval: unknown): void {
    liveHandle(this, 'Datatype', 'Set_attr');
    attrs.setAttr('Datatype', this, keyval, attrval);
  }

  /** Deletes the attribute value of `keyval` (`MPI_Type_delete_attr`); its `delete_fn` runs. */
  Delete_attr(keyval: number): void {
    liveHandle(this, 'Datatype', 'Delete_attr');
    attrs.deleteAttr('Datatype', this, keyval);
  }

  /** Commits the datatype for communication (`MPI_Type_commit`); returns itself. */
  Commit(): this {
    native.typeCommit(liveHandle(this, 'Datatype', 'Commit'));
    this.knownCommitted = true;
    return this;
  }

  /** Frees a derived datatype (`MPI_Type_free`); predefined datatypes cannot be freed. */
  Free(): void {
    const h = liveHandle(this, 'Datatype', 'Free');
    if (this.predefinedName !== null) throw usageError('Datatype', `Datatype.Free: cannot free the predefined datatype MPI.${this.predefinedName}`);
    if (this.named) throw usageError('Datatype', `Datatype.Free: cannot free the predefined datatype ${this.Get_name()}`);
    attrs.freeAttrs(this);
    native.typeFree(h);
    this[HANDLE] = FREED;
    this.info = null;
    this.knownCommitted = false;
  }

  // ---- derived datatypes (new, uncommitted: call Commit() before communicating) ------------

  /** `count` copies of this datatype, one after another (`MPI_Type_contiguous`). */
  Create_contiguous(count: number): Datatype {
    const M = 'Datatype.Create_contiguous';
    const n = count32(M, 'count', count);
    const b = new Bounds(M, "argument 'count'");
    b.block(this.layout(M), 0, n).addSize(BigInt(n) * BigInt(this.layout(M)[0]!)).verify();
    return new Datatype(native.typeContiguous(n, liveHandle(this, 'Datatype', M)));
  }

  /**
   * `count` blocks of `blocklength` elements, block starts `stride` elements apart (`MPI_Type_vector`).
   *
   * @example
   * ```ts
   * // one column of a row-major rows × cols Float64Array matrix
   * const column = MPI.DOUBLE.Create_vector(rows, 1, cols).Commit();
   * comm.Send([matrix.subarray(j), 1, column], dest);   // column j
   * column.Free();
   * ```
   */
  Create_vector(count: number, blocklength: number, stride: number): Datatype {
    const M = 'Datatype.Create_vector';
    const n = count32(M, 'count', count);
    const bl = count32(M, 'blocklength', blocklength);
    const st = checkInt(M, 'stride', stride);
    vectorBounds(M, this.layout(M), n, bl, BigInt(st) * BigInt(this.layout(M)[2]!)).verify();
    return new Datatype(native.typeVector(n, bl, st, liveHandle(this, 'Datatype', M)));
  }

  /** Like `Create_vector` with the stride in bytes (`MPI_Type_create_hvector`). */
  Create_hvector(count: number, blocklength: number, stride: number): Datatype {
    const M = 'Datatype.Create_hvector';
    if (typeof stride !== 'number' || !Number.isSafeInteger(stride)) throw argTypeError(M, 'stride', 'an integer (bytes)', stride);
    const n = count32(M, 'count', count);
    const bl = count32(M, 'blocklength', blocklength);
    vectorBounds(M, this.layout(M), n, bl, BigInt(stride)).verify();
    return new Datatype(native.typeHvector(n, bl, stride, liveHandle(this, 'Datatype', M)));
  }

  /** Blocks of varying length at element displacements (`MPI_Type_indexed`). */
  Create_indexed(blocklengths: number[], displacements: number[]): Datatype {
    const M = 'Datatype.Create_indexed';
    const bl = checkIntList(M, 'blocklengths', blocklengths, 0);
    const d = checkIntList(M, 'displacements', displacements);
    sameLength(M, 'blocklengths', bl.length, 'displacements', d.length);
    indexedBounds(M, this.layout(M), bl, d, false).verify();
    return new Datatype(native.typeIndexed(bl, d, liveHandle(this, 'Datatype', M)));
  }

  /** Blocks of one length at element displacements (`MPI_Type_create_indexed_block`). */
  Create_indexed_block(blocklength: number, displacements: number[]): Datatype {
    const M = 'Datatype.Create_indexed_block';
    const bl = count32(M, 'blocklength', blocklength);
    const d = checkIntList(M, 'displacements', displacements);
    indexedBounds(M, this.layout(M), d.map(() => bl), d, false).verify();
    return new Datatype(native.typeIndexedBlock(bl, d, liveHandle(this, 'Datatype', M)));
  }

  /** Blocks of varying length at byte displacements (`MPI_Type_create_hindexed`). */
  Create_hindexed(blocklengths: number[], displacements: number[]): Datatype {
    const M = 'Datatype.Create_hindexed';
    const bl = checkIntList(M, 'blocklengths', blocklengths, 0);
    const d = checkAintList(M, 'displacements', displacements);
    sameLength(M, 'blocklengths', bl.length, 'displacements', d.length);
    indexedBounds(M, this.layout(M), bl, d, true).verify();
    return new Datatype(native.typeHindexed(bl, d, liveHandle(this, 'Datatype', M)));
  }

  /** Blocks of one length at byte displacements (`MPI_Type_create_hindexed_block`). */
  Create_hindexed_block(blocklength: number, displacements: number[]): Datatype {
    const M = 'Datatype.Create_hindexed_block';
    const bl = count32(M, 'blocklength', blocklength);
    const d = checkAintList(M, 'displacements', displacements);
    indexedBounds(M, this.layout(M), d.map(() => bl), d, true).verify();
    return new Datatype(native.typeHindexedBlock(bl, d, liveHandle(this, 'Datatype', M)));
  }

  /**
   * A sub-block of an n-dimensional array (`MPI_Type_create_subarray`); `order` is `MPI.ORDER_C` or `MPI.ORDER_FORTRAN`.
   *
   * @param sizes the whole array's size in each dimension (in elements of this datatype)
   * @param subsizes the block's size in each dimension
   * @param starts the block's first index in each dimension
   * @param order `MPI.ORDER_C` (row-major, the default) or `MPI.ORDER_FORTRAN`
   * @example
   * ```ts
   * // the 2×3 block at row 1, column 2 of a 4×6 grid, received in place into the whole grid
   * const block = MPI.DOUBLE.Create_subarray([4, 6], [2, 3], [1, 2]).Commit();
   * comm.Recv([grid, 1, block], src);
   * ```
   */
  Create_subarray(sizes: number[], subsizes: number[], starts: number[], order: number = ORDER_C): Datatype {
    const M = 'Datatype.Create_subarray';
    const sz = checkIntList(M, 'sizes', sizes, 1);
    const sub = checkIntList(M, 'subsizes', subsizes, 0);
    const st = checkIntList(M, 'starts', starts, 0);
    if (sz.length === 0) throw argRangeError(M, 'sizes', 'must have at least one dimension');
    sameLength(M, 'sizes', sz.length, 'subsizes', sub.length);
    sameLength(M, 'sizes', sz.length, 'starts', st.length);
    for (let i = 0; i < sz.length; i++) {
      if (sub[i]! + st[i]! > sz[i]!) throw argRangeError(M, `subsizes[${i}]`, `+ starts[${i}] exceeds sizes[${i}] (${sub[i]} + ${st[i]} > ${sz[i]})`);
    }
    if (order !== ORDER_C && order !== ORDER_FORTRAN) throw argTypeError(M, 'order', 'MPI.ORDER_C or MPI.ORDER_FORTRAN', order);
    // The type spans the whole array (MPI resizes it to prod(sizes) elements): bound that, and the data.
    const layout = this.layout(M);
    const elements = product(sz);
    const picked = product(sub);
    new Bounds(M, "arguments 'sizes' and 'subsizes'").block(layout, 0n, elements).bounds(0n, elements * BigInt(layout[2]!))
      .addSize(picked * BigInt(layout[0]!)).verify();
    return new Datatype(native.typeSubarray(sz, sub, st, order, liveHandle(this, 'Datatype', M)));
  }

  /**
   * This process's block of an HPF-style distributed global array (`MPI_Type_create_darray`): the
   * array `gsizes` is distributed over a `psizes` process grid of `size` processes by
   * `MPI.DISTRIBUTE_BLOCK`, `DISTRIBUTE_CYCLIC` or `DISTRIBUTE_NONE` per dimension, with
   * distribution arguments `dargs` (`MPI.DISTRIBUTE_DFLT_DARG` for the default).
   */
  Create_darray(size: number, rank: number, gsizes: number[], distribs: number[], dargs: number[], psizes: number[],
    order: number = ORDER_C): Datatype {
    const M = 'Datatype.Create_darray';
    const n = checkInt(M, 'size', size);
    if (n < 1) throw argRangeError(M, 'size', `must be at least 1, got ${n}`);
    const r = checkInt(M, 'rank', rank);
    if (r < 0 || r >= n) throw argRangeError(M, 'rank', `must be in [0, ${n}), got ${r}`);
    const g = checkIntList(M, 'gsizes', gsizes, 1);
    const dist = checkIntList(M, 'distribs', distribs);
    const da = checkIntList(M, 'dargs', dargs);
    const p = checkIntList(M, 'psizes', psizes, 1);
    if (g.length === 0) throw argRangeError(M, 'gsizes', 'must have at least one dimension');
    sameLength(M, 'gsizes', g.length, 'distribs', dist.length);
    sameLength(M, 'gsizes', g.length, 'dargs', da.length);
    sameLength(M, 'gsizes', g.length, 'psizes', p.length);
    if (p.reduce((a, b) => a * b, 1) !== n) throw argRangeError(M, 'psizes', `must multiply to size ${n}`);
    for (let i = 0; i < g.length; i++) {
      if (dist[i] !== DIST.BLOCK && dist[i] !== DIST.CYCLIC && dist[i] !== DIST.NONE) {
        throw argRangeError(M, `distribs[${i}]`, 'must be MPI.DISTRIBUTE_BLOCK, DISTRIBUTE_CYCLIC or DISTRIBUTE_NONE');
      }
      if (da[i] !== DIST.DFLT_DARG && da[i]! < 1) throw argRangeError(M, `dargs[${i}]`, 'must be positive or MPI.DISTRIBUTE_DFLT_DARG');
      if (dist[i] === DIST.NONE && p[i] !== 1) throw argRangeError(M, `psizes[${i}]`, 'must be 1 for MPI.DISTRIBUTE_NONE');
      if (dist[i] === DIST.BLOCK && da[i] !== DIST.DFLT_DARG && da[i]! * p[i]! < g[i]!) {
        throw argRangeError(M, `dargs[${i}]`, `× psizes[${i}] must cover gsizes[${i}] (${da[i]} × ${p[i]} < ${g[i]})`);
      }
    }
    if (order !== ORDER_C && order !== ORDER_FORTRAN) throw argTypeError(M, 'order', 'MPI.ORDER_C or MPI.ORDER_FORTRAN', order);
    return new Datatype(native.typeDarray(n, r, g, dist, da, p, order, liveHandle(this, 'Datatype', M)));
  }

  /**
   * A general structure: blocks of any datatypes at byte displacements (`MPI_Type_create_struct`).
   *
   * @param blocklengths how many elements each block holds
   * @param displacements each block's byte offset from the start of the structure
   * @param datatypes each block's datatype
   * @example
   * ```ts
   * // { int id; double xyz[3]; } as C lays it out: 32 bytes, xyz at byte 8
   * const particle = MPI.Datatype.Create_struct([1, 3], [0, 8], [MPI.INT32_T, MPI.DOUBLE]).Commit();
   * const mem = new ArrayBuffer(32 * n);   // n particles; view it with DataView/typed arrays
   * comm.Send([mem, n, particle], dest);
   * ```
   */
  static Create_struct(blocklengths: number[], displacements: number[], datatypes: Datatype[]): Datatype {
    const M = 'Datatype.Create_struct';
    const bl = checkIntList(M, 'blocklengths', blocklengths, 0);
    const d = checkAintList(M, 'displacements', displacements);
    if (!Array.isArray(datatypes)) throw argTypeError(M, 'datatypes', 'an array of MPI.Datatype', datatypes);
    sameLength(M, 'blocklengths', bl.length, 'displacements', d.length);
    sameLength(M, 'blocklengths', bl.length, 'datatypes', datatypes.length);
    const ids = datatypes.map((t, i) => liveHandle(checkDatatype(M, `datatypes[${i}]`, t), 'Datatype', M));
    const b = new Bounds(M, "arguments 'blocklengths' and 'displacements'");
    for (let i = 0; i < bl.length; i++) {
      const layout = (datatypes[i] as Datatype).layout(M);
      b.block(layout, d[i]!, bl[i]!).addSize(BigInt(bl[i]!) * BigInt(layout[0]!));
    }
    b.verify();
    return new Datatype(native.typeStruct(bl, d, ids));
  }

  /**
   * This datatype with a new lower bound and extent, in bytes (`MPI_Type_create_resized`).
   *
   * @example
   * ```ts
   * // a column type whose next element starts one double later: Scatter columns of a matrix
   * const col = MPI.DOUBLE.Create_vector(rows, 1, cols).Create_resized(0, 8).Commit();
   * ```
   */
  Create_resized(lb: number, extent: number): Datatype {
    const M = 'Datatype.Create_resized';
    if (typeof lb !== 'number' || !Number.isSafeInteger(lb)) throw argTypeError(M, 'lb', 'an integer (bytes)', lb);
    if (typeof extent !== 'number' || !Number.isSafeInteger(extent)) throw argTypeError(M, 'extent', 'an integer (bytes)', extent);
    const layout = this.layout(M);
    new Bounds(M, "arguments 'lb' and 'extent'").bounds(BigInt(lb), BigInt(lb) + BigInt(extent)).trueBounds(layout)
      .addSize(layout[0]!).verify();
    return new Datatype(native.typeResized(liveHandle(this, 'Datatype', M), lb, extent));
  }

  /**
   * Packs `inbuf` (memory holding whole elements of this datatype) into the bytes of `outbuf`
   * from byte `position` on (`MPI_Pack`); returns the new position.
   *
   * @param inbuf the elements to pack: as many whole elements of this datatype as it holds
   * @param outbuf the bytes packed into, from `position` on
   * @param position the byte offset in `outbuf` to start at
   * @param comm the communicator the packed bytes will be sent on
   * @returns the position after the packed bytes, to pass to the next `Pack`
   * @example
   * ```ts
   * const out = new Uint8Array(MPI.INT.Pack_size(2, comm) + MPI.DOUBLE.Pack_size(1, comm));
   * let pos = MPI.INT.Pack(new Int32Array([1, 2]), out, 0, comm);
   * pos = MPI.DOUBLE.Pack(new Float64Array([3.5]), out, pos, comm);
   * comm.Send([out, pos, MPI.PACKED], 1);
   * ```
   */
  Pack(inbuf: BufferLike, outbuf: BufferLike, position: number, comm: Comm): number {
    const M = 'Datatype.Pack';
    const ch = liveHandle(comm, 'Comm', M);
    const a = this.packArgs(M, inbuf, outbuf, position, (count, h) => native.typePackSize(count, h, ch));
    return native.typePack(a.mem, 0, a.count, a.h, a.out, a.pos, ch);
  }

  /**
   * Unpacks the bytes of `inbuf` from byte `position` on into `outbuf` (`MPI_Unpack`); returns the new position.
   *
   * @param inbuf the packed bytes (from `Pack`)
   * @param position the byte offset in `inbuf` to read from
   * @param outbuf receives as many whole elements of this datatype as it holds
   * @param comm the communicator the packed bytes were received on
   * @returns the position after the unpacked bytes, to pass to the next `Unpack`
   * @example
   * ```ts
   * const ints = new Int32Array(2), dbl = new Float64Array(1);
   * let pos = MPI.INT.Unpack(packed, 0, ints, comm);
   * pos = MPI.DOUBLE.Unpack(packed, pos, dbl, comm);
   * ```
   */
  Unpack(inbuf: BufferLike, position: number, outbuf: BufferLike, comm: Comm): number {
    const M = 'Datatype.Unpack';
    const ch = liveHandle(comm, 'Comm', M);
    const a = this.unpackArgs(M, inbuf, position, outbuf, (count) => this.layout(M)[0]! * count);
    return native.typeUnpack(a.mem, a.pos, a.out, 0, a.count, a.h, ch);
  }

  /** Upper bound of the bytes `Pack` needs for `count` elements (`MPI_Pack_size`). */
  Pack_size(count: number, comm: Comm): number {
    const M = 'Datatype.Pack_size';
    return native.typePackSize(count32(M, 'count', count), liveHandle(this, 'Datatype', M), liveHandle(comm, 'Comm', M));
  }


  // ---- bounds, names, decoding, matching, external32 (issue #17) ---------------------------

  /** Upper bound in bytes: `lb + extent` (`MPI_Type_get_extent`). */
  get ub(): number {
    const l = this.layout('ub');
    return l[1]! + l[2]!;
  }

  /** Lower bound of the data itself (`MPI_Type_get_true_extent`). */
  get true_lb(): number {
    return this.layout('true_lb')[3]!;
  }

  /** Upper bound of the data itself: `true_lb + true_extent`. */
  get true_ub(): number {
    const l = this.layout('true_ub');
    return l[3]! + l[4]!;
  }

  /** Extent of the data itself (`MPI_Type_get_true_extent`). */
  get true_extent(): number {
    return this.layout('true_extent')[4]!;
  }

  /** Whether this is a predefined datatype (`MPI.DOUBLE`, `MPI.DATATYPE_NULL`, one from `Match_size`/`Create_f90_*`). */
  get is_predefined(): boolean {
    return this.predefinedName !== null || this.named;
  }

  /** Whether this is a named datatype (`MPI_Type_get_envelope` gives `MPI.COMBINER_NAMED`); false for `DATATYPE_NULL`. */
  get is_named(): boolean {
    if (this[HANDLE] === 0) return false;
    return this.Get_envelope()[3] === AC.COMBINER_NAMED;
  }

  /** Sets the datatype's name (`MPI_Type_set_name`). */
  Set_name(name: string): void {
    const M = 'Datatype.Set_name';
    const h = liveHandle(this, 'Datatype', 'Set_name');
    if (typeof name !== 'string') throw argTypeError(M, 'name', 'a string', name);
    if (Buffer.byteLength(name) >= MAX_OBJECT_NAME) throw argRangeError(M, 'name', `must be shorter than ${MAX_OBJECT_NAME} bytes`);
    native.typeSetName(h, name);
  }

  set name(name: string) {
    this.Set_name(name);
  }

  /** `[nintegers, naddresses, ndatatypes, combiner]` of the call that made the datatype (`MPI_Type_get_envelope`). */
  Get_envelope(): [number, number, number, number] {
    return native.typeEnvelope(liveHandle(this, 'Datatype', 'Get_envelope'));
  }

  get envelope(): [number, number, number, number] {
    return this.Get_envelope();
  }

  /** The combiner (`MPI.COMBINER_*`) of the call that made the datatype. */
  get combiner(): number {
    return this.Get_envelope()[3];
  }

  /**
   * The arguments of the call that made a derived datatype (`MPI_Type_get_contents`):
   * `[integers, addresses, datatypes]`; derived datatypes among them are new (free them).
   */
  Get_contents(): [number[], number[], Datatype[]] {
    const M = 'Datatype.Get_contents';
    const h = liveHandle(this, 'Datatype', 'Get_contents');
    if (native.typeEnvelope(h)[3] === AC.COMBINER_NAMED) throw usageError('Datatype', `${M}: a named datatype (${this.Get_name()}) has no contents`);
    const [ints, addrs, ids] = native.typeContents(h);
    return [ints, addrs, ids.map(datatypeFromId)];
  }

  get contents(): [number[], number[], Datatype[]] {
    return this.Get_contents();
  }

  /**
   * How the datatype was made, as mpi4py decodes it: `[basetype, combinerName, params]`, e.g.
   * `[MPI.DOUBLE, 'VECTOR', { count, blocklength, stride }]`; a named datatype is `[itself, 'NAMED', {}]`
   * and a struct `[null, 'STRUCT', { blocklengths, displacements, datatypes }]`.
   */
  decode(): [Datatype | null, string, Record<string, unknown>] {
    const combiner = this.Get_envelope()[3];
    const name = COMBINER_NAMES.get(combiner) ?? String(combiner);
    if (combiner === AC.COMBINER_NAMED) return [this, 'NAMED', {}];
    const [i, a, t] = this.Get_contents();
    const base = t[0] ?? null;
    switch (name) {
      case 'DUP': return [base, name, {}];
      case 'CONTIGUOUS': return [base, name, { count: i[0] }];
      case 'VECTOR': return [base, name, { count: i[0], blocklength: i[1], stride: i[2] }];
      case 'HVECTOR': return [base, name, { count: i[0], blocklength: i[1], stride: a[0] }];
      case 'INDEXED': { const n = i[0]!; return [base, name, { blocklengths: i.slice(1, 1 + n), displacements: i.slice(1 + n, 1 + 2 * n) }]; }
      case 'HINDEXED': { const n = i[0]!; return [base, name, { blocklengths: i.slice(1, 1 + n), displacements: a.slice(0, n) }]; }
      case 'INDEXED_BLOCK': { const n = i[0]!; return [base, name, { blocklength: i[1], displacements: i.slice(2, 2 + n) }]; }
      case 'HINDEXED_BLOCK': return [base, name, { blocklength: i[1], displacements: a.slice(0, i[0]) }];
      case 'STRUCT': { const n = i[0]!; return [null, name, { blocklengths: i.slice(1, 1 + n), displacements: a.slice(0, n), datatypes: t }]; }
      case 'SUBARRAY': {
        const n = i[0]!;
        return [base, name, { sizes: i.slice(1, 1 + n), subsizes: i.slice(1 + n, 1 + 2 * n), starts: i.slice(1 + 2 * n, 1 + 3 * n), order: i[1 + 3 * n] }];
      }
      case 'DARRAY': {
        const n = i[2]!;
        return [base, name, { size: i[0], rank: i[1], gsizes: i.slice(3, 3 + n), distribs: i.slice(3 + n, 3 + 2 * n),
          dargs: i.slice(3 + 2 * n, 3 + 3 * n), psizes: i.slice(3 + 3 * n, 3 + 4 * n), order: i[3 + 4 * n] }];
      }
      case 'RESIZED': return [base, name, { lb: a[0], extent: a[1] }];
      case 'F90_INTEGER': return [base, name, { r: i[0] }];
      case 'F90_REAL': case 'F90_COMPLEX': return [base, name, { p: i[0], r: i[1] }];
      default: return [base, name, { integers: i, addresses: a, datatypes: t }];
    }
  }

  /** The predefined datatype of a type class (`MPI.TYPECLASS_*`) and byte size (`MPI_Type_match_size`). */
  static Match_size(typeclass: number, size: number): Datatype {
    const M = 'Datatype.Match_size';
    return datatypeFromId(native.typeMatchSize(checkInt(M, 'typeclass', typeclass), checkInt(M, 'size', size)));
  }

  /** A Fortran integer type with at least `r` decimal digits (`MPI_Type_create_f90_integer`). */
  static Create_f90_integer(r: number): Datatype {
    return datatypeFromId(native.typeF90(0, 0, checkInt('Datatype.Create_f90_integer', 'r', r)));
  }

  /** A Fortran real type with precision `p` and range `r` (`MPI_Type_create_f90_real`; `MPI.UNDEFINED` leaves one open). */
  static Create_f90_real(p: number, r: number): Datatype {
    const M = 'Datatype.Create_f90_real';
    return datatypeFromId(native.typeF90(1, checkInt(M, 'p', p), checkInt(M, 'r', r)));
  }

  /** A Fortran complex type with precision `p` and range `r` (`MPI_Type_create_f90_complex`). */
  static Create_f90_complex(p: number, r: number): Datatype {
    const M = 'Datatype.Create_f90_complex';
    return datatypeFromId(native.typeF90(2, checkInt(M, 'p', p), checkInt(M, 'r', r)));
  }

  /**
   * The predefined value-index pair type for `MINLOC`/`MAXLOC` (`MPI_Type_get_value_index`, MPI-4.1):
   * `MPI.DOUBLE, MPI.INT` gives `MPI.DOUBLE_INT`; `MPI.DATATYPE_NULL` when MPI has no such pair type.
   */
  static Get_value_index(value: Datatype, index: Datatype): Datatype {
    const M = 'Datatype.Get_value_index';
    const v = checkDatatype(M, 'value', value);
    const i = checkDatatype(M, 'index', index);
    liveHandle(v, 'Datatype', M);
    liveHandle(i, 'Datatype', M);
    if (i.predefinedName !== 'INT') return DATATYPES.DATATYPE_NULL;
    const pair = VALUE_INDEX[v.predefinedName ?? ''];
    return pair ?? DATATYPES.DATATYPE_NULL;
  }

  /** Bytes `Pack_external` needs for `count` elements (`MPI_Pack_external_size`); `datarep` is `'external32'`. */
  Pack_external_size(datarep: string, count: number): number {
    const M = 'Datatype.Pack_external_size';
    return native.typePackExternalSize(checkDatarep(M, datarep), count32(M, 'count', count), liveHandle(this, 'Datatype', M));
  }

  /**
   * Packs `inbuf` (whole elements of this datatype) into `outbuf` from byte `position` on, in the
   * portable `datarep` (`'external32'`, `MPI_Pack_external`); returns the new position.
   */
  Pack_external(datarep: string, inbuf: BufferLike, outbuf: BufferLike, position: number): number {
    const M = 'Datatype.Pack_external';
    const rep = checkDatarep(M, datarep);
    const a = this.packArgs(M, inbuf, outbuf, position, (count, h) => native.typePackExternalSize(rep, count, h));
    return native.typePackExternal(rep, a.mem, 0, a.count, a.h, a.out, a.pos);
  }

  /** Unpacks `datarep` bytes of `inbuf` from byte `position` on into `outbuf` (`MPI_Unpack_external`); returns the new position. */
  Unpack_external(datarep: string, inbuf: BufferLike, position: number, outbuf: BufferLike): number {
    const M = 'Datatype.Unpack_external';
    const rep = checkDatarep(M, datarep);
    const a = this.unpackArgs(M, inbuf, position, outbuf, (count, h) => native.typePackExternalSize(rep, count, h));
    return native.typeUnpackExternal(rep, a.mem, a.pos, a.out, 0, a.count, a.h);
  }

  /**
   * The checked arguments of a pack: the whole elements of `inbuf`, and `outbuf` with room at
   * `position` for the `need(count, handle)` bytes they pack to, apart from `inbuf`.
   */
  private packArgs(M: string, inbuf: BufferLike, outbuf: BufferLike, position: number, need: (count: number, h: number) => number): PackArgs {
    const h = liveHandle(this, 'Datatype', M);
    const [, , extent] = this.layout(M);
    const mem = rawMemory(M, 'inbuf', inbuf);
    const count = extent! > 0 ? Math.floor(mem.byteLength / extent!) : 0;
    const out = rawMemory(M, 'outbuf', outbuf);
    const pos = checkCount(M, 'position', position);
    if (pos > out.byteLength) throw argRangeError(M, 'position', `is past the end of outbuf (${pos} > ${out.byteLength})`);
    const end = pos + need(count, h);
    if (end > out.byteLength) {
      throw argRangeError(M, 'outbuf', `is too small: packing ${count} element(s) at position ${pos} needs up to ${end} bytes, it has ${out.byteLength}`);
    }
    checkApart(M, mem, touched(this.layout(M), count), out, pos, end);
    return { h, mem, out, pos, count };
  }

  /**
   * The checked arguments of an unpack: as many whole elements as `outbuf` holds, and `inbuf` with
   * the `need(count, handle)` packed bytes they take at `position`, apart from `outbuf`.
   */
  private unpackArgs(M: string, inbuf: BufferLike, position: number, outbuf: BufferLike, need: (count: number, h: number) => number): PackArgs {
    const h = liveHandle(this, 'Datatype', M);
    const [, , extent] = this.layout(M);
    const mem = rawMemory(M, 'inbuf', inbuf);
    const pos = checkCount(M, 'position', position);
    if (pos > mem.byteLength) throw argRangeError(M, 'position', `is past the end of inbuf (${pos} > ${mem.byteLength})`);
    const out = rawMemory(M, 'outbuf', outbuf);
    const count = extent! > 0 ? Math.floor(out.byteLength / extent!) : 0;
    const end = pos + need(count, h);
    if (end > mem.byteLength) {
      throw argRangeError(M, 'inbuf', `is too small: unpacking ${count} element(s) from position ${pos} needs ${end} bytes, it has ${mem.byteLength}`);
    }
    checkApart(M, out, touched(this.layout(M), count), mem, pos, end);
    return { h, mem, out, pos, count };
  }

  /** @internal Whether this object is a live predefined datatype. */
  get isPredefined(): boolean {
    return this.predefinedName !== null;
  }
}
setKind(Datatype, 'Datatype');

function predefined(name: string): Datatype {
  const id = IDS[name];
  if (id === undefined) throw new Error(`mpi4js: the addon has no predefined datatype ${name}`);
  return new Datatype(id, name);
}

/** The predefined datatypes, by their mpi4py names (`2INT` is `TWOINT`). */
export const DATATYPES = {
  DATATYPE_NULL: predefined('DATATYPE_NULL'),
  BYTE: predefined('BYTE'), CHAR: predefined('CHAR'), SIGNED_CHAR: predefined('SIGNED_CHAR'),
  UNSIGNED_CHAR: predefined('UNSIGNED_CHAR'), WCHAR: predefined('WCHAR'), SHORT: predefined('SHORT'),
  UNSIGNED_SHORT: predefined('UNSIGNED_SHORT'), INT: predefined('INT'), UNSIGNED: predefined('UNSIGNED'),
  LONG: predefined('LONG'), UNSIGNED_LONG: predefined('UNSIGNED_LONG'), LONG_LONG: predefined('LONG_LONG'),
  UNSIGNED_LONG_LONG: predefined('UNSIGNED_LONG_LONG'), FLOAT: predefined('FLOAT'), DOUBLE: predefined('DOUBLE'),
  LONG_DOUBLE: predefined('LONG_DOUBLE'), C_BOOL: predefined('C_BOOL'), INT8_T: predefined('INT8_T'),
  INT16_T: predefined('INT16_T'), INT32_T: predefined('INT32_T'), INT64_T: predefined('INT64_T'),
  UINT8_T: predefined('UINT8_T'), UINT16_T: predefined('UINT16_T'), UINT32_T: predefined('UINT32_T'),
  UINT64_T: predefined('UINT64_T'), AINT: predefined('AINT'), OFFSET: predefined('OFFSET'), COUNT: predefined('COUNT'),
  C_FLOAT_COMPLEX: predefined('C_FLOAT_COMPLEX'), C_DOUBLE_COMPLEX: predefined('C_DOUBLE_COMPLEX'),
  FLOAT_INT: predefined('FLOAT_INT'), DOUBLE_INT: predefined('DOUBLE_INT'), LONG_INT: predefined('LONG_INT'),
  TWOINT: predefined('TWOINT'), SHORT_INT: predefined('SHORT_INT'), LONG_DOUBLE_INT: predefined('LONG_DOUBLE_INT'),
  PACKED: predefined('PACKED'),
  C_COMPLEX: predefined('C_COMPLEX'), C_LONG_DOUBLE_COMPLEX: predefined('C_LONG_DOUBLE_COMPLEX'),
} as const;

/** mpi4py's other names of predefined datatypes (the same objects). */
export const DATATYPE_ALIASES = {
  INT_INT: DATATYPES.TWOINT, SIGNED_SHORT: DATATYPES.SHORT, SIGNED_INT: DATATYPES.INT, SIGNED_LONG: DATATYPES.LONG,
  SIGNED_LONG_LONG: DATATYPES.LONG_LONG, UNSIGNED_INT: DATATYPES.UNSIGNED, BOOL: DATATYPES.C_BOOL,
  SINT8_T: DATATYPES.INT8_T, SINT16_T: DATATYPES.INT16_T, SINT32_T: DATATYPES.INT32_T, SINT64_T: DATATYPES.INT64_T,
} as const;

/** Datatype constants of the addon (combiners, type classes). */
const AC = native.apiConstants as Record<string, number>;
const MAX_OBJECT_NAME = native.constants.MAX_OBJECT_NAME as number;
const COMBINER_NAMES = new Map(Object.keys(AC).filter((k) => k.startsWith('COMBINER_')).map((k) => [AC[k]!, k.slice('COMBINER_'.length)]));

/** Value-index pair types by the value type's name (index `MPI.INT`). */
const VALUE_INDEX: Record<string, Datatype> = {
  FLOAT: DATATYPES.FLOAT_INT, DOUBLE: DATATYPES.DOUBLE_INT, LONG: DATATYPES.LONG_INT, INT: DATATYPES.TWOINT,
  SHORT: DATATYPES.SHORT_INT, LONG_DOUBLE: DATATYPES.LONG_DOUBLE_INT,
};

/** The predefined objects by addon id. */
const BY_ID = new Map<number, Datatype>(Object.values(DATATYPES).map((t) => [t[HANDLE], t]));

/** @internal A datatype id from the addon: the predefined object, a named type (not freeable), or a new derived one. */
export function datatypeFromId(id: number): Datatype {
  const known = BY_ID.get(id);
  if (known !== undefined) return known;
  const t = new Datatype(id);
  if (native.typeInfo(id)[5]) {
    t.named = true;
    t.Commit();
  }
  return t;
}

/** The one data representation MPI defines for Pack_external (the libraries ignore any other string silently). */
function checkDatarep(method: string, v: unknown): string {
  if (typeof v !== 'string') throw argTypeError(method, 'datarep', "a string ('external32')", v);
  if (v !== 'external32') throw argRangeError(method, 'datarep', `must be 'external32', got '${v}'`);
  return v;
}

/** Validates a datatype argument. */
export function checkDatatype(method: string, arg: string, v: unknown): Datatype {
  if (!(v instanceof Datatype)) throw argTypeError(method, arg, 'an MPI.Datatype', v);
  return v;
}

/**
 * Largest byte displacement, bound, extent or size of a derived datatype: MPI computes extents in
 * 64 bits and wraps silently (`BYTE.Create_hvector(4097, 1, 2 ** 52)` would report extent 1 and
 * size 4097), and beyond 2^53 JavaScript numbers are inexact and no buffer is that large.
 */
const MAX_SPAN = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * The exact bounds a new datatype would have, from its arguments and the bounds of its old types,
 * before MPI sees them (the addon checks the same in 128 bits: csrc/datatype.cc TypeBounds).
 */
class Bounds {
  private lb = 0n;
  private ub = 0n;
  private tlb = 0n;
  private tub = 0n;
  private size = 0n;
  private any = false;
  private anyData = false;
  private ok = true;

  /** `args` names the arguments in the error message. */
  constructor(private readonly method: string, private readonly args: string) {}

  /** `bl` copies of the type whose layout is `old`, from byte displacement `disp` on. */
  block(old: number[], disp: number | bigint, bl: number | bigint): this {
    const d = BigInt(disp);
    const n = BigInt(bl);
    this.check(d);
    if (n <= 0n) return this;
    const extent = BigInt(old[2]!);
    const span = (n - 1n) * extent;
    this.check(span);
    const lo = d + (span < 0n ? span : 0n);
    const hi = d + (span > 0n ? span : 0n);
    const lb = BigInt(old[1]!);
    this.bounds(lo + lb, hi + lb + extent);
    if (old[0]! > 0) {
      const tlb = BigInt(old[3]!);
      this.trueSpan(lo + tlb, hi + tlb + BigInt(old[4]!));
    }
    return this;
  }

  /** Explicit bounds (a resized type, a subarray's whole array). */
  bounds(lb: bigint, ub: bigint): this {
    if (!this.any || lb < this.lb) this.lb = lb;
    if (!this.any || ub > this.ub) this.ub = ub;
    this.any = true;
    return this;
  }

  /** The data of the type whose layout is `old`, where it is. */
  trueBounds(old: number[]): this {
    if (old[0]! > 0) this.trueSpan(BigInt(old[3]!), BigInt(old[3]!) + BigInt(old[4]!));
    return this;
  }

  addSize(bytes: number | bigint): this {
    this.size += BigInt(bytes);
    this.check(this.size);
    return this;
  }

  /** RangeError unless every bound, extent and the size are safe integers. */
  verify(): void {
    for (const v of [this.lb, this.ub, this.ub - this.lb, this.tlb, this.tub, this.tub - this.tlb]) this.check(v);
    if (!this.ok) {
      throw new RangeError(`${this.method}: ${this.args} make a datatype whose displacements, extent or size exceed 2^53-1 bytes`);
    }
  }

  private trueSpan(lb: bigint, ub: bigint): void {
    if (!this.anyData || lb < this.tlb) this.tlb = lb;
    if (!this.anyData || ub > this.tub) this.tub = ub;
    this.anyData = true;
  }

  private check(v: bigint): void {
    if (v > MAX_SPAN || v < -MAX_SPAN) this.ok = false;
  }
}

/** The product of non-negative integers, held at MAX_SPAN + 1 once it is beyond (refused anyway). */
function product(v: number[]): bigint {
  let p = 1n;
  for (const x of v) p = p * BigInt(x) > MAX_SPAN ? MAX_SPAN + 1n : p * BigInt(x);
  return p;
}

/** `count` blocks of `bl` elements, block starts `stride` bytes apart: the first and last blocks bound it. */
function vectorBounds(method: string, old: number[], count: number, bl: number, stride: bigint): Bounds {
  const b = new Bounds(method, "arguments 'count', 'blocklength' and 'stride'");
  if (count > 0) b.block(old, 0n, bl).block(old, stride * BigInt(count - 1), bl);
  return b.addSize(BigInt(count) * BigInt(bl) * BigInt(old[0]!));
}

/** Blocks of `bl[i]` elements at displacements `d[i]` (bytes, or elements of the old type). */
function indexedBounds(method: string, old: number[], bl: number[], d: number[], bytes: boolean): Bounds {
  const b = new Bounds(method, "arguments 'blocklength(s)' and 'displacements'");
  const extent = BigInt(old[2]!);
  for (let i = 0; i < bl.length; i++) {
    b.block(old, bytes ? BigInt(d[i]!) : BigInt(d[i]!) * extent, bl[i]!).addSize(BigInt(bl[i]!) * BigInt(old[0]!));
  }
  return b;
}

const ORDER_C = native.constants.ORDER_C as number;
const DIST = {
  BLOCK: native.constants.DISTRIBUTE_BLOCK as number, CYCLIC: native.constants.DISTRIBUTE_CYCLIC as number,
  NONE: native.constants.DISTRIBUTE_NONE as number, DFLT_DARG: native.constants.DISTRIBUTE_DFLT_DARG as number,
};
const ORDER_FORTRAN = native.constants.ORDER_FORTRAN as number;

function count32(method: string, arg: string, v: unknown): number {
  const n = checkCount(method, arg, v);
  if (n > 2147483647) throw argRangeError(method, arg, `must fit in 32 bits, got ${n}`);
  return n;
}

/** Bytes `[first, last)` that `count` elements of a datatype with this layout touch from the start of the buffer. */
function touched(layout: number[], count: number): [number, number] {
  const [size, , extent, tlb, textent] = layout as [number, number, number, number, number];
  if (count === 0 || size === 0) return [0, 0];
  const span = (count - 1) * extent;
  return [tlb + Math.min(0, span), tlb + textent + Math.max(0, span)];
}

/**
 * Pack and Unpack copy between the element buffer and the packed bytes: the two must not share
 * memory (MPICH aborts the process on the overlapping memcpy; MPI forbids aliased arguments).
 */
function checkApart(method: string, elems: ArrayBufferView | ArrayBuffer, range: [number, number], packed: ArrayBufferView | ArrayBuffer,
  lo: number, hi: number): void {
  if (range[0] >= range[1] || lo >= hi) return;
  const eMem = ArrayBuffer.isView(elems) ? elems.buffer : elems;
  const pMem = ArrayBuffer.isView(packed) ? packed.buffer : packed;
  if (eMem !== pMem) return;
  const e = ArrayBuffer.isView(elems) ? elems.byteOffset : 0;
  const p = ArrayBuffer.isView(packed) ? packed.byteOffset : 0;
  if (e + range[0] < p + hi && p + lo < e + range[1]) {
    throw new RangeError(`${method}: arguments 'inbuf' and 'outbuf' overlap in memory (bytes ${Math.max(e + range[0], p + lo)}..` +
      `${Math.min(e + range[1], p + hi)} of the same buffer); use separate buffers`);
  }
}

/** The memory of a plain buffer argument (views as they are, SharedArrayBuffers as a byte view). */
/** What `Datatype.packArgs`/`unpackArgs` checked: the type's handle, both memories, the position and the element count. */
interface PackArgs {
  h: number;
  mem: ArrayBufferView | ArrayBuffer;
  out: ArrayBufferView | ArrayBuffer;
  pos: number;
  count: number;
}

function rawMemory(method: string, arg: string, v: unknown): ArrayBufferView | ArrayBuffer {
  if (ArrayBuffer.isView(v) || isArrayBuffer(v)) return v;
  if (isSharedArrayBuffer(v)) return new Uint8Array(v);
  throw argTypeError(method, arg, 'a TypedArray, DataView, Buffer, ArrayBuffer or SharedArrayBuffer', v);
}
