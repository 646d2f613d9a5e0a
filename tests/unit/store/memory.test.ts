import { MemoryArtifactStore, type MemoryRecord } from '../../../server/src/store/memory.js';
import { storeContract } from './contract.js';

storeContract('memory', async () => {
  const records = new Map<string, MemoryRecord>();
  const reports: { key: string; reason: string }[] = [];
  return {
    store: new MemoryArtifactStore({ records, onCorrupt: (key, reason) => reports.push({ key, reason }) }),
    reports,
    corruptPart(key, part) {
      const bytes = records.get(key)!.parts.get(part)!;
      bytes[bytes.length >> 1]! ^= 0x40;
    },
    corruptMetadata(key) {
      const rec = records.get(key)!;
      rec.info = { ...rec.info, provenance: { ...rec.info.provenance, backend: 'gpu' } };
    },
    async cleanup() {},
  };
});
