package org.lct.district.service;

import java.io.OutputStream;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.lct.common.problem.ProblemException;
import org.lct.district.model.EnrichmentCandidate;
import org.lct.district.model.EnrichmentProgress;
import org.lct.district.model.State;
import org.lct.district.model.StateDetail;
import org.lct.district.model.StateRequirement;
import org.lct.district.repository.DistrictRepository;
import org.lct.district.repository.StateRepository;

/** Jurisdictions, their requirements and bell-schedule coverage. */
@ApplicationScoped
public class StateService {

    private final StateRepository states;
    private final DistrictRepository districts;

    public StateService(StateRepository states, DistrictRepository districts) {
        this.states = states;
        this.districts = districts;
    }

    public List<State> listStates(String year, List<String> codes) {
        return states.states(year, codes);
    }

    public void exportStates(String year, List<String> codes, OutputStream out) {
        states.statesCsv(year, codes, out);
    }

    public StateDetail findState(String code, String year) {
        State state = states.state(code, year).orElseThrow(() -> unknownState(code));
        List<EnrichmentProgress> progress = states.progress(List.of(code));
        return new StateDetail(state, districts.requirementsInEffect(code, year),
                progress.isEmpty() ? null : progress.getFirst());
    }

    public List<StateRequirement> findRequirements(String code) {
        return states.requirements(code);
    }

    public void exportRequirements(String code, OutputStream out) {
        states.requirementsCsv(code, out);
    }

    public List<EnrichmentProgress> enrichmentProgress(List<String> codes) {
        return states.progress(codes);
    }

    public void exportEnrichmentProgress(List<String> codes, OutputStream out) {
        states.progressCsv(codes, out);
    }

    public List<EnrichmentCandidate> enrichmentCandidates(List<String> codes, int perState) {
        return states.candidates(codes, perState);
    }

    public void exportEnrichmentCandidates(List<String> codes, int perState, OutputStream out) {
        states.candidatesCsv(codes, perState, out);
    }

    static ProblemException unknownState(String code) {
        return ProblemException.notFound("No state or jurisdiction with code " + code);
    }
}
