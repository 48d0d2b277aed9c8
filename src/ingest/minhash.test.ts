import { describe, expect, it } from "vitest";
import { jaccard, packSignature, ReprintIndex, signature, unpackSignature } from "./minhash.js";
import { identityText } from "./normalize.js";

const WIRE = `Air strikes killed at least 20 civilians including five children in the rebel-held town of Saraqeb in Idlib
province on Monday, the Syrian Observatory for Human Rights said. The Britain-based monitor said the strikes hit a
market and a residential building. Rescue workers were searching for survivors under the rubble, and the toll was
expected to rise because many of the wounded were in critical condition. The observatory said it could not
determine whether the aircraft were Syrian or Russian. Idlib province is controlled by an alliance of rebel and
jihadist groups and has been hit by frequent air strikes in recent months despite a ceasefire agreement.`;

const OTHER = `The Syrian army and its allies took control of several villages in the eastern countryside of Hama on Tuesday
after clashes with Islamic State fighters, state television reported. The advance brings government forces closer
to the last pocket held by the group in central Syria. A military source said engineering units were clearing mines
left behind by the militants in the captured villages and on the main road between the villages and Salamiyah.`;

const sig = (s: string) => signature(identityText([s]));

describe("reprint detection", () => {
  it("estimates Jaccard: identical texts 1, unrelated texts near 0", () => {
    expect(jaccard(sig(WIRE), sig(WIRE))).toBe(1);
    expect(jaccard(sig(WIRE), sig(OTHER))).toBeLessThan(0.1);
  });

  it("finds an outlet's shortened and re-punctuated copy of a wire story, not an unrelated story", () => {
    const index = new ReprintIndex();
    index.add("wire", sig(WIRE));
    index.add("other", sig(OTHER));
    const copy = `${WIRE.split(". ").slice(0, 4).join(". ").replace(/,/g, "")}. AFP contributed to this report.`;
    const match = index.match(sig(copy));
    expect(match?.id).toBe("wire");
    expect(match?.containment).toBeGreaterThan(0.8);
    expect(
      index.match(
        sig(
          "A completely different report about a football match in Damascus where the home team won three goals to nil on Friday evening before a big crowd.",
        ),
      ),
    ).toBeNull();
  });

  it("is deterministic and survives storage", () => {
    const a = sig(WIRE);
    const b = unpackSignature(packSignature(a), a.size);
    expect([...b.bins]).toEqual([...sig(WIRE).bins]);
    expect(b.size).toBe(a.size);
  });

  it("keeps only the most recent articles: memory stays bounded, old copies are no longer found", () => {
    const index = new ReprintIndex(3);
    const story = (n: number) =>
      `Report ${n}: ${Array.from({ length: 60 }, (_, k) => `word${(n * 7919 + k * 104729) % 100003}`).join(" ")}.`;
    for (let n = 0; n < 3; n++) index.add(`s${n}`, sig(story(n)));
    const keysAtCapacity = index.keyCount;
    expect(index.match(sig(story(0)))?.id).toBe("s0");
    for (let n = 3; n < 50; n++) index.add(`s${n}`, sig(story(n)));
    expect(index.size).toBe(3);
    expect(index.keyCount).toBeLessThanOrEqual(keysAtCapacity + 2);
    expect(index.match(sig(story(0)))).toBeNull();
    expect(index.match(sig(story(49)))?.id).toBe("s49");
  });
});
