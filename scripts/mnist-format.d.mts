export const MAGIC: string;
export const VERSION: number;
export const HEADER_BYTES: number;
export const SIDE: number;
export function fnv1a(bytes: Uint8Array, start?: number, end?: number): number;
export function encodeMnist(digits: { pixels: ArrayLike<number>; label: number }[]): Uint8Array;
