/** MPI datatypes: predefined ones and (later) derived ones, with cached size and extents. */
import { native } from './native';
import { FREED, HANDLE, liveHandle } from './handle';
import { argTypeError } from './errors';

const IDS = native.constants.datatypes;

/** An MPI datatype (`MPI_Datatype`). */
export class Datatype {
  /** @internal */
  [HANDLE]: number;
  /** @internal Cached [size, lb, extent, true_lb, true_extent]; read after MPI is initialized. */
  private info: number[] | null = null;
  /** @internal The predefined name (`DOUBLE`), or null for derived types. */
  readonly predefinedName: string | null;

  /** @internal */
  constructor(id: number, predefinedName: string | null = null) {
    this[HANDLE] = id;
    this.predefinedName = predefinedName;
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

  /** `[lb, extent]` (`MPI_Type_get_extent`). */
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
    return native.typeGetName(liveHandle(this, 'Datatype', 'Get_name'));
  }

  get name(): string {
    return this.Get_name();
  }

  /** A duplicate (`MPI_Type_dup`). */
  Dup(): Datatype {
    return new Datatype(native.typeDup(liveHandle(this, 'Datatype', 'Dup')));
  }

  /** Commits the datatype for communication (`MPI_Type_commit`); returns itself. */
  Commit(): this {
    native.typeCommit(liveHandle(this, 'Datatype', 'Commit'));
    return this;
  }

  /** Frees a derived datatype (`MPI_Type_free`); predefined datatypes cannot be freed. */
  Free(): void {
    const h = liveHandle(this, 'Datatype', 'Free');
    if (this.predefinedName !== null) throw new Error(`Datatype.Free: cannot free the predefined datatype MPI.${this.predefinedName}`);
    native.typeFree(h);
    this[HANDLE] = FREED;
  }

  /** @internal Whether this object is a live predefined datatype. */
  get isPredefined(): boolean {
    return this.predefinedName !== null;
  }
}

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
} as const;

/** Validates a datatype argument. */
export function checkDatatype(method: string, arg: string, v: unknown): Datatype {
  if (!(v instanceof Datatype)) throw argTypeError(method, arg, 'an MPI.Datatype', v);
  return v;
}
