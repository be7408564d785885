// Where a Parley node's memory goes, read from its own /metrics (prom-client's process
// metrics; a loopback client needs no token): the V8 heap by space, and memory outside it
// (Buffers, sockets' native state). The rest of RSS is code, stacks and the allocator's slack.
export interface NodeMemory {
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  /** Used size of each V8 heap space (old, new, code, large_object...). */
  heapSpacesUsedMb: Record<string, number>;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** The value of a metric line `name{labels} value`, by name and optional label text. */
function values(text: string, name: string): { labels: string; value: number }[] {
  const found: { labels: string; value: number }[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith(name)) continue;
    const match = new RegExp(`^${name}(\\{[^}]*\\})?\\s+([0-9.eE+-]+)`).exec(line);
    if (match) found.push({ labels: match[1] ?? "", value: Number(match[2]) });
  }
  return found;
}

export async function memoryOf(url: string): Promise<NodeMemory | null> {
  try {
    const res = await fetch(`${url}/metrics`);
    if (!res.ok) return null;
    const text = await res.text();
    const one = (name: string) => values(text, name)[0]?.value ?? 0;
    const spaces: Record<string, number> = {};
    for (const { labels, value } of values(text, "nodejs_heap_space_size_used_bytes")) {
      const space = /space="([^"]+)"/.exec(labels)?.[1];
      if (space) spaces[space] = mb(value);
    }
    return {
      heapUsedMb: mb(one("nodejs_heap_size_used_bytes")),
      heapTotalMb: mb(one("nodejs_heap_size_total_bytes")),
      externalMb: mb(one("nodejs_external_memory_bytes")),
      heapSpacesUsedMb: spaces,
    };
  } catch {
    return null;
  }
}
