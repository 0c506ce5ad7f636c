package org.lct.enrichment.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "lct.enrichment")
public interface EnrichmentConfig {

    /** Largest import file accepted, in bytes. */
    @WithDefault("33554432")
    long importMaxBytes();

    /**
     * How long one import may take: it is one transaction, and a national NCES CCD staff file takes a minute or more
     * (the transaction manager's default of 60 s would roll it back and answer 500).
     */
    @WithDefault("PT15M")
    Duration importTimeout();

    /** Largest evidence document accepted, in bytes. */
    @WithDefault("10485760")
    int evidenceMaxBytes();

    Campaign campaign();

    interface Campaign {
        /** Candidates per state: its largest districts without a collected bell schedule. */
        @WithDefault("9")
        int candidatesPerState();

        /** Collected districts after which a state's campaign is done. */
        @WithDefault("3")
        int collectionsToFinishState();

        /** Failed attempts after which a district leaves the queue. */
        @WithDefault("3")
        int maxFailedAttempts();

        /** Wait after the first failure; doubled after each further failure. */
        @WithDefault("PT6H")
        Duration retryBackoff();

        /** Longest wait between attempts. */
        @WithDefault("P7D")
        Duration maxRetryBackoff();
    }
}
