package org.mexicop2p.cep.cli;

/**
 * Remembers the replay keys seen in one run, 128 bits each (ample to tell receipts apart; the probability of a
 * false duplicate among a billion receipts is about 10^-21), with the number of the receipt that first had it.
 * Open addressing over primitive arrays: a million receipts cost about 40 MB, not a map of strings.
 */
final class ReplayKeySet {

    private long[] high = new long[1 << 12];
    private long[] low = new long[1 << 12];
    private int[] firstSeen = new int[1 << 12];
    private int size;

    /** The first 64 bits of a lowercase hex replay key, as {@link #recordOrFind} takes them. */
    static long high(String replayKeyHex) {
        return bits(replayKeyHex, 0);
    }

    /** The next 64 bits of a lowercase hex replay key. */
    static long low(String replayKeyHex) {
        return bits(replayKeyHex, 16);
    }

    private static long bits(String hex, int from) {
        long bits = 0;
        for (int i = from; i < from + 16; i++) {
            char c = hex.charAt(i);
            bits = bits << 4 | (c <= '9' ? c - '0' : c - 'a' + 10);
        }
        return bits;
    }

    /**
     * Records the replay key whose first 128 bits are {@code h} and {@code l} for receipt {@code number} (1-based);
     * returns the number of the receipt that had it first, or 0 if it is new.
     */
    int recordOrFind(long h, long l, int number) {
        int slot = find(h, l);
        if (firstSeen[slot] != 0) {
            return firstSeen[slot];
        }
        high[slot] = h;
        low[slot] = l;
        firstSeen[slot] = number;
        if (++size * 2 > firstSeen.length) {
            grow();
        }
        return 0;
    }

    private int find(long h, long l) {
        int mask = firstSeen.length - 1;
        int slot = (int) (l ^ (l >>> 32)) & mask;
        while (firstSeen[slot] != 0 && (high[slot] != h || low[slot] != l)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldHigh = high;
        long[] oldLow = low;
        int[] oldSeen = firstSeen;
        high = new long[oldHigh.length * 2];
        low = new long[oldLow.length * 2];
        firstSeen = new int[oldSeen.length * 2];
        for (int i = 0; i < oldSeen.length; i++) {
            if (oldSeen[i] != 0) {
                int slot = find(oldHigh[i], oldLow[i]);
                high[slot] = oldHigh[i];
                low[slot] = oldLow[i];
                firstSeen[slot] = oldSeen[i];
            }
        }
    }
}
