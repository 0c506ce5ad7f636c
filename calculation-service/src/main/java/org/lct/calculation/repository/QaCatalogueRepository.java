package org.lct.calculation.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.lct.calculation.model.QaFlag;
import org.lct.calculation.model.QaReport;
import org.lct.calculation.model.ScopeHierarchyCheck;

/**
 * The vocabularies a QA report is written in, from the catalogue tables the migrations own (qa_flags,
 * staff_scope_hierarchy_checks). Read on the caller's connection, so a run's report uses the catalogue its
 * transaction sees.
 */
@ApplicationScoped
public class QaCatalogueRepository {

    /** Every safeguard flag with its severity and description, ordered by code. */
    public List<QaFlag> flags(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT code, severity, description FROM qa_flags ORDER BY code");
             ResultSet r = s.executeQuery()) {
            List<QaFlag> flags = new ArrayList<>();
            while (r.next()) {
                flags.add(new QaFlag(r.getString("code"),
                        QaReport.FlagSeverity.valueOf(r.getString("severity").toUpperCase(Locale.ROOT)),
                        r.getString("description")));
            }
            return flags;
        }
    }

    /** The hierarchy checks in report order. */
    public List<ScopeHierarchyCheck> hierarchyChecks(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT label, lower_scope, higher_scope FROM staff_scope_hierarchy_checks ORDER BY sort_order");
             ResultSet r = s.executeQuery()) {
            List<ScopeHierarchyCheck> checks = new ArrayList<>();
            while (r.next()) {
                checks.add(new ScopeHierarchyCheck(r.getString("label"), r.getString("lower_scope"),
                        r.getString("higher_scope")));
            }
            return checks;
        }
    }
}
