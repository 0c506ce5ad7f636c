package org.lct.enrichment.model;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One attempt to collect a district's bell schedule (table enrichment_attempts). */
@Entity
@Table(name = "enrichment_attempts")
public class EnrichmentAttempt {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "nces_id")
    public String ncesId;
    public String outcome;
    @Column(name = "attempted_by")
    public String attemptedBy;
    @Column(name = "attempted_at")
    public OffsetDateTime attemptedAt;
    @Column(name = "retry_count")
    public int retryCount;
    @Column(name = "next_retry_at")
    public OffsetDateTime nextRetryAt;
    public int priority;
    @Column(name = "source_url")
    public String sourceUrl;
    public String detail;
}
