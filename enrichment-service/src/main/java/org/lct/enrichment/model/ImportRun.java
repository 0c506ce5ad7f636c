package org.lct.enrichment.model;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.lct.common.problem.FieldError;

/** One import request and what it did (table import_runs). */
@Entity
@Table(name = "import_runs")
public class ImportRun {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String kind;
    public String format;
    @Column(name = "file_name")
    public String fileName;
    @Column(name = "file_sha256")
    public String fileSha256;
    @Column(name = "file_bytes")
    public long fileBytes;
    @Column(name = "dry_run")
    public boolean dryRun;
    public String status;
    @Column(name = "requested_by")
    public String requestedBy;
    @Column(name = "correlation_id")
    public String correlationId;
    @Column(name = "started_at")
    public OffsetDateTime startedAt;
    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;
    @Column(name = "rows_read")
    public Integer rowsRead;
    public Integer inserted;
    public Integer updated;
    public Integer unchanged;
    public int rejected;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<FieldError> problems = List.of();
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> warnings = List.of();
}
