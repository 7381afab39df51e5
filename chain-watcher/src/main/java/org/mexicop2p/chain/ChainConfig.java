package org.mexicop2p.chain;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * Everything under {@code mp2p.chain.*}: where the node is, which contract to watch, how fast and how far to read,
 * which finality to trust, and the operator's keys. Keys come from configuration or the environment
 * ({@code MP2P_CHAIN_OPERATOR_PRIVATE_KEY}, {@code MP2P_CHAIN_PROOF_SIGNER_PRIVATE_KEY}), never from the repository;
 * {@link #toString()} never prints them.
 */
@ConfigurationProperties("mp2p.chain")
public class ChainConfig {

    /** How final a block must be before its events become facts. */
    public enum Finality {
        /** Accepted by L2 consensus; reorgs are detected by parent hash and undone. The default. */
        ACCEPTED_ON_L2,
        /** Included in a state update finalised on L1; never reorged, later. */
        ACCEPTED_ON_L1
    }

    @NotBlank
    private String rpcUrl = "http://127.0.0.1:5050/rpc";
    private String escrowAddress;
    @Min(0)
    @Max(Integer.MAX_VALUE)
    private long startBlock = 0;
    @Min(10)
    @Max(3_600_000)
    private long pollIntervalMs = 2_000;
    @Min(1)
    @Max(10_000)
    private int blocksPerPoll = 100;
    @Min(1)
    @Max(10_000)
    private int chunkSize = 1_000;
    /** Bounds one poll: more pages than this means the range is too large; the watcher halves it. */
    @Min(1)
    @Max(100_000)
    private int maxPagesPerPoll = 1_000;
    /**
     * Bounds one commit transaction (and the events held in memory): a range holding more events is cut after the
     * last block read completely, and the rest comes in the next poll, read ahead while this one commits.
     */
    @Min(100)
    @Max(1_000_000)
    private int maxEventsPerCommit = 5_000;
    @NotNull
    private Finality finality = Finality.ACCEPTED_ON_L2;
    @Min(100)
    @Max(300_000)
    private long rpcTimeoutMs = 10_000;
    @Min(100)
    @Max(3_600_000)
    private long maxBackoffMs = 60_000;
    /** How many processed block hashes are kept to find a fork point; deeper reorgs stop the watcher. */
    @Min(2)
    @Max(1_000_000)
    private int reorgWindowBlocks = 10_000;
    private boolean watcherEnabled = false;
    private String operatorAccountAddress;
    private String operatorPrivateKey;
    private String proofSignerPrivateKey;

    public String getRpcUrl() {
        return rpcUrl;
    }

    public void setRpcUrl(String rpcUrl) {
        this.rpcUrl = rpcUrl;
    }

    public String getEscrowAddress() {
        return escrowAddress;
    }

    public void setEscrowAddress(String escrowAddress) {
        this.escrowAddress = escrowAddress;
    }

    public long getStartBlock() {
        return startBlock;
    }

    public void setStartBlock(long startBlock) {
        this.startBlock = startBlock;
    }

    public long getPollIntervalMs() {
        return pollIntervalMs;
    }

    public void setPollIntervalMs(long pollIntervalMs) {
        this.pollIntervalMs = pollIntervalMs;
    }

    public int getBlocksPerPoll() {
        return blocksPerPoll;
    }

    public void setBlocksPerPoll(int blocksPerPoll) {
        this.blocksPerPoll = blocksPerPoll;
    }

    public int getChunkSize() {
        return chunkSize;
    }

    public void setChunkSize(int chunkSize) {
        this.chunkSize = chunkSize;
    }

    public int getMaxPagesPerPoll() {
        return maxPagesPerPoll;
    }

    public void setMaxPagesPerPoll(int maxPagesPerPoll) {
        this.maxPagesPerPoll = maxPagesPerPoll;
    }

    public int getMaxEventsPerCommit() {
        return maxEventsPerCommit;
    }

    public void setMaxEventsPerCommit(int maxEventsPerCommit) {
        this.maxEventsPerCommit = maxEventsPerCommit;
    }

    public Finality getFinality() {
        return finality;
    }

    public void setFinality(Finality finality) {
        this.finality = finality;
    }

    public long getRpcTimeoutMs() {
        return rpcTimeoutMs;
    }

    public void setRpcTimeoutMs(long rpcTimeoutMs) {
        this.rpcTimeoutMs = rpcTimeoutMs;
    }

    public long getMaxBackoffMs() {
        return maxBackoffMs;
    }

    public void setMaxBackoffMs(long maxBackoffMs) {
        this.maxBackoffMs = maxBackoffMs;
    }

    public int getReorgWindowBlocks() {
        return reorgWindowBlocks;
    }

    public void setReorgWindowBlocks(int reorgWindowBlocks) {
        this.reorgWindowBlocks = reorgWindowBlocks;
    }

    public boolean isWatcherEnabled() {
        return watcherEnabled;
    }

    public void setWatcherEnabled(boolean watcherEnabled) {
        this.watcherEnabled = watcherEnabled;
    }

    public String getOperatorAccountAddress() {
        return operatorAccountAddress;
    }

    public void setOperatorAccountAddress(String operatorAccountAddress) {
        this.operatorAccountAddress = operatorAccountAddress;
    }

    public String getOperatorPrivateKey() {
        return operatorPrivateKey;
    }

    public void setOperatorPrivateKey(String operatorPrivateKey) {
        this.operatorPrivateKey = operatorPrivateKey;
    }

    public String getProofSignerPrivateKey() {
        return proofSignerPrivateKey;
    }

    public void setProofSignerPrivateKey(String proofSignerPrivateKey) {
        this.proofSignerPrivateKey = proofSignerPrivateKey;
    }

    @Override
    public String toString() {
        return "ChainConfig{rpcUrl=" + rpcUrl + ", escrowAddress=" + escrowAddress + ", startBlock=" + startBlock
                + ", finality=" + finality + ", blocksPerPoll=" + blocksPerPoll + ", chunkSize=" + chunkSize
                + ", maxEventsPerCommit=" + maxEventsPerCommit
                + ", operatorAccountAddress=" + operatorAccountAddress + ", keys=<redacted>}";
    }
}
