/** `MPI.Group`: ordered sets of processes, their set algebra and rank translation (SPEC §6). */
import { native } from './native';
import { FREED, HANDLE, liveHandle, setKind } from './handle';
import { argTypeError } from './errors';
import { checkIntList } from './lists';

const K = native.groupConstants;
const PROC_NULL = native.constants.PROC_NULL as number;

function groupHandle(g: unknown, method: string): number {
  return liveHandle(g, 'Group', method);
}

function checkGroup(method: string, arg: string, g: unknown): Group {
  if (!(g instanceof Group)) throw argTypeError(method, arg, 'an MPI.Group', g);
  return g;
}

/** `[first, last, stride]` triplets, flattened for the addon. */
function flatRanges(method: string, ranges: unknown): number[] {
  if (!Array.isArray(ranges)) throw argTypeError(method, 'ranges', 'an array of [first, last, stride] triplets', ranges);
  const flat: number[] = [];
  ranges.forEach((r: unknown, i) => {
    if (!Array.isArray(r) || (r.length !== 3 && r.length !== 2)) {
      throw argTypeError(method, `ranges[${i}]`, 'a [first, last, stride] triplet', r);
    }
    const t = checkIntList(method, `ranges[${i}]`, r.length === 2 ? [...r, 1] : r);
    if (t[2] === 0) throw new RangeError(`${method}: argument 'ranges[${i}]' has stride 0`);
    flat.push(t[0]!, t[1]!, t[2]!);
  });
  return flat;
}

/** Ranks that must be distinct members of a group of `size` (MPI libraries do not all check; some crash). */
function checkMembers(method: string, arg: string, ranks: number[], size: number, distinct: boolean, procNull = false): number[] {
  const seen = new Set<number>();
  ranks.forEach((r, i) => {
    if (procNull && r === PROC_NULL) return;
    if (r < 0 || r >= size) throw new RangeError(`${method}: argument '${arg}[${i}]' is not a rank of the group (size ${size}): ${r}`);
    if (distinct) {
      if (seen.has(r)) throw new RangeError(`${method}: argument '${arg}' lists rank ${r} twice`);
      seen.add(r);
    }
  });
  return ranks;
}

/** Expands `[first, last, stride]` triplets and checks them like `checkMembers`. */
function checkRanges(method: string, flat: number[], size: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < flat.length; k += 3) {
    const [first, last, stride] = [flat[k]!, flat[k + 1]!, flat[k + 2]!];
    for (const [v, what] of [[first, 'first'], [last, 'last']] as const) {
      if (v < 0 || v >= size) throw new RangeError(`${method}: argument 'ranges[${k / 3}]' has ${what} ${v} outside the group (size ${size})`);
    }
    if ((stride > 0 && first > last) || (stride < 0 && first < last)) {
      throw new RangeError(`${method}: argument 'ranges[${k / 3}]' is empty ([${first}, ${last}, ${stride}])`);
    }
    if (stride > 0) for (let r = first; r <= last; r += stride) out.push(r);
    else for (let r = first; r >= last; r += stride) out.push(r);
  }
  return checkMembers(method, 'ranges', out, size, true);
}

/** A group of processes (`MPI_Group`). Groups are local objects: no call here communicates. */
export class Group {
  /** @internal */
  [HANDLE]: number;

  /** @internal */
  constructor(id: number) {
    this[HANDLE] = id;
  }

  /** Number of processes in the group (`MPI_Group_size`). */
  Get_size(): number {
    return native.groupSize(groupHandle(this, 'Get_size'));
  }

  /** This process's rank in the group, or `MPI.UNDEFINED` if it is not a member (`MPI_Group_rank`). */
  Get_rank(): number {
    return native.groupRank(groupHandle(this, 'Get_rank'));
  }

  /** Same as `Get_size()`. */
  get size(): number {
    return this.Get_size();
  }

  /** Same as `Get_rank()`. */
  get rank(): number {
    return this.Get_rank();
  }

  /** The group of the listed ranks, in that order (`MPI_Group_incl`). */
  Incl(ranks: number[]): Group {
    const M = 'Group.Incl';
    const h = groupHandle(this, M);
    return groupFromId(native.groupIncl(h, checkMembers(M, 'ranks', checkIntList(M, 'ranks', ranks), native.groupSize(h), true)));
  }

  /** A new group with the same processes in the same order (`MPI_Group_incl` of every rank; MPI has no group dup). */
  Dup(): Group {
    const h = groupHandle(this, 'Dup');
    return groupFromId(native.groupIncl(h, Array.from({ length: native.groupSize(h) }, (_, i) => i)));
  }

  /** The group without the listed ranks (`MPI_Group_excl`). */
  Excl(ranks: number[]): Group {
    const M = 'Group.Excl';
    const h = groupHandle(this, M);
    return groupFromId(native.groupExcl(h, checkMembers(M, 'ranks', checkIntList(M, 'ranks', ranks), native.groupSize(h), true)));
  }

  /** The group of the ranks in `[first, last, stride]` ranges (`MPI_Group_range_incl`). */
  Range_incl(ranges: [number, number, number][]): Group {
    const M = 'Group.Range_incl';
    const h = groupHandle(this, M);
    const flat = flatRanges(M, ranges);
    checkRanges(M, flat, native.groupSize(h));
    return groupFromId(native.groupRangeIncl(h, flat));
  }

  /** The group without the ranks in `[first, last, stride]` ranges (`MPI_Group_range_excl`). */
  Range_excl(ranges: [number, number, number][]): Group {
    const M = 'Group.Range_excl';
    const h = groupHandle(this, M);
    const flat = flatRanges(M, ranges);
    checkRanges(M, flat, native.groupSize(h));
    return groupFromId(native.groupRangeExcl(h, flat));
  }

  /** Ranks of `ranks` (of this group) in `group`; `MPI.UNDEFINED` where absent (`MPI_Group_translate_ranks`). */
  Translate_ranks(ranks: number[] | null | undefined, group: Group): number[] {
    const M = 'Group.Translate_ranks';
    const h = groupHandle(this, M);
    const size = native.groupSize(h);
    const list = ranks === null || ranks === undefined ? Array.from({ length: size }, (_, i) => i)
      : checkMembers(M, 'ranks', checkIntList(M, 'ranks', ranks), size, false, true);
    return native.groupTranslateRanks(h, list, groupHandle(checkGroup(M, 'group', group), M));
  }

  /** `MPI.IDENT`, `MPI.SIMILAR` or `MPI.UNEQUAL` (`MPI_Group_compare`). */
  Compare(group: Group): number {
    const M = 'Group.Compare';
    return native.groupCompare(groupHandle(this, M), groupHandle(checkGroup(M, 'group', group), M));
  }

  /** All processes of this group, then those of `group` not in it (`MPI_Group_union`). */
  Union(group: Group): Group {
    return setOp('Group.Union', 0, this, group);
  }

  /** The processes of this group that are also in `group` (`MPI_Group_intersection`). */
  Intersection(group: Group): Group {
    return setOp('Group.Intersection', 1, this, group);
  }

  /** The processes of this group that are not in `group` (`MPI_Group_difference`). */
  Difference(group: Group): Group {
    return setOp('Group.Difference', 2, this, group);
  }

  /** Frees the group (`MPI_Group_free`); later use is an error. `MPI.GROUP_EMPTY` stays valid. */
  Free(): void {
    const h = groupHandle(this, 'Free');
    if (h === K.GROUP_EMPTY) return;
    native.groupFree(h);
    this[HANDLE] = FREED;
  }

  /** `MPI_Group_union(group1, group2)` (mpi4py's class-method form). */
  /** The group of a process set of a session (`MPI_Group_from_session_pset`), as `session.Create_group(pset_name)`. */
  static Create_from_session_pset(session: import('./Session').Session, pset_name: string): Group {
    if (session === null || typeof session !== 'object' || typeof (session as { Create_group?: unknown }).Create_group !== 'function') {
      throw argTypeError('Group.Create_from_session_pset', 'session', 'an MPI.Session', session);
    }
    return session.Create_group(pset_name);
  }

  static Union(group1: Group, group2: Group): Group {
    return setOp('Group.Union', 0, checkGroup('Group.Union', 'group1', group1), group2);
  }

  /** mpi4py's other name of `Group.Intersection(group1, group2)` (`MPI_Group_intersection`). */
  static Intersect(group1: Group, group2: Group): Group {
    return setOp('Group.Intersect', 1, checkGroup('Group.Intersect', 'group1', group1), group2);
  }

  /** `MPI_Group_intersection(group1, group2)`. */
  static Intersection(group1: Group, group2: Group): Group {
    return setOp('Group.Intersection', 1, checkGroup('Group.Intersection', 'group1', group1), group2);
  }

  /** `MPI_Group_difference(group1, group2)`. */
  static Difference(group1: Group, group2: Group): Group {
    return setOp('Group.Difference', 2, checkGroup('Group.Difference', 'group1', group1), group2);
  }

  /** Ranks of `ranks1` (of `group1`) in `group2` (`MPI_Group_translate_ranks`). */
  static Translate_ranks(group1: Group, ranks1: number[] | null | undefined, group2: Group): number[] {
    return checkGroup('Group.Translate_ranks', 'group1', group1).Translate_ranks(ranks1, group2);
  }

  /** `MPI_Group_compare(group1, group2)`. */
  static Compare(group1: Group, group2: Group): number {
    return checkGroup('Group.Compare', 'group1', group1).Compare(group2);
  }
}
setKind(Group, 'Group');

function setOp(method: string, kind: 0 | 1 | 2, a: Group, b: unknown): Group {
  const ha = groupHandle(a, method);
  const hb = groupHandle(checkGroup(method, 'group', b), method);
  return groupFromId(native.groupSetOp(kind, ha, hb));
}

/** `MPI.GROUP_NULL` (`=== MPI.GROUP_NULL` works). */
export const GROUP_NULL = new Group(K.GROUP_NULL);
/** `MPI.GROUP_EMPTY`: the group with no members. */
export const GROUP_EMPTY = new Group(K.GROUP_EMPTY);

/** Wraps a group id from the addon; the predefined groups come back as their singletons. */
export function groupFromId(id: number): Group {
  if (id === K.GROUP_NULL) return GROUP_NULL;
  if (id === K.GROUP_EMPTY) return GROUP_EMPTY;
  return new Group(id);
}

/** @internal The live id of a group argument (TypeError when it is not a Group). */
export function groupArg(method: string, arg: string, g: unknown): number {
  return groupHandle(checkGroup(method, arg, g), method);
}
