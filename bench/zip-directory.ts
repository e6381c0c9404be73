/** The zip's entries from its central directory: name, method, compressed size, offsets of its two headers. */
export const centralDirectory = (b: Buffer) => {
  const end = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const out: { name: string; method: number; size: number; offset: number; central: number }[] = [];
  for (let at = b.readUInt32LE(end + 16), n = b.readUInt16LE(end + 10); n > 0; n -= 1) {
    const name = b.toString('utf8', at + 46, at + 46 + b.readUInt16LE(at + 28));
    out.push({ name, method: b.readUInt16LE(at + 10), size: b.readUInt32LE(at + 20), offset: b.readUInt32LE(at + 42), central: at });
    at += 46 + b.readUInt16LE(at + 28) + b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
  }
  return out;
};
