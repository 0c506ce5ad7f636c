package org.lct.enrichment.model;

import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.Generated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.generator.EventType;
import org.hibernate.type.SqlTypes;

/**
 * A stored bell schedule (table bell_schedules). {@code version} is the optimistic lock behind ETag/If-Match;
 * a trigger bumps it on direct SQL edits too, so a stale ETag is refused whoever changed the row.
 */
@Entity
@Table(name = "bell_schedules")
public class BellScheduleEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "nces_id")
    public String ncesId;
    @Column(name = "school_year")
    public String schoolYear;
    @Column(name = "grade_level")
    public String gradeLevel;
    @Column(name = "instructional_minutes")
    public Integer instructionalMinutes;
    @Column(name = "start_time")
    public LocalTime startTime;
    @Column(name = "end_time")
    public LocalTime endTime;
    @Column(name = "lunch_minutes")
    public Short lunchMinutes;
    @Column(name = "passing_minutes")
    public Short passingMinutes;
    @Column(name = "recess_minutes")
    public Short recessMinutes;
    public String method;
    public String confidence;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "source_urls", columnDefinition = "text[]")
    public List<String> sourceUrls = new ArrayList<>();
    @Column(name = "source_description")
    public String sourceDescription;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "schools_sampled", columnDefinition = "text[]")
    public List<String> schoolsSampled = new ArrayList<>();
    public String notes;
    @Column(name = "review_status")
    public String reviewStatus = "unreviewed";
    @Column(name = "reviewed_by")
    public String reviewedBy;
    @Column(name = "reviewed_at")
    public OffsetDateTime reviewedAt;
    @Version
    public int version;
    @Generated(event = {EventType.INSERT, EventType.UPDATE})
    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;
    @Generated(event = {EventType.INSERT, EventType.UPDATE})
    @Column(name = "updated_at", insertable = false, updatable = false)
    public OffsetDateTime updatedAt;
}
