package org.lct.enrichment.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.lct.common.problem.ProblemException;
import org.lct.common.values.NcesId;
import org.lct.common.web.PageOf;
import org.lct.common.web.Paging;
import org.lct.enrichment.config.EnrichmentConfig;
import org.lct.enrichment.model.AttemptRequest;
import org.lct.enrichment.model.AttemptView;
import org.lct.enrichment.model.CampaignState;
import org.lct.enrichment.model.EnrichmentAttempt;
import org.lct.enrichment.model.QueueItem;
import org.lct.enrichment.repository.CampaignRepository;
import org.lct.enrichment.repository.VocabularyRepository;

/**
 * The enrichment campaign (per state, collect the largest districts first until enough are done) and the attempt
 * log behind the work queue: failures back off exponentially, and a district that failed too often leaves the
 * queue with its reason.
 */
@ApplicationScoped
@Transactional
public class CampaignService {

    @Inject
    CampaignRepository campaign;

    @Inject
    VocabularyRepository vocabulary;

    @Inject
    EnrichmentConfig config;

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<CampaignState> listCampaignStates() {
        return campaign.states(config.campaign().collectionsToFinishState(), null);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<CampaignState> findCampaignState(String stateCode) {
        var campaignConfig = config.campaign();
        return campaign.states(campaignConfig.collectionsToFinishState(), stateCode).stream().findFirst()
                .map(state -> new CampaignState(state.stateCode(), state.stateName(), state.districts(),
                        state.collected(), state.target(), state.done(),
                        campaign.candidates(stateCode, campaignConfig.candidatesPerState(),
                                campaignConfig.collectionsToFinishState())));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public PageOf<QueueItem> nextWorkItems(String stateCode, Paging paging) {
        var campaignConfig = config.campaign();
        return campaign.queue(stateCode, paging, campaignConfig.maxFailedAttempts(),
                campaignConfig.candidatesPerState(), campaignConfig.collectionsToFinishState());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AttemptView> listExcluded() {
        return campaign.excluded(config.campaign().maxFailedAttempts()).stream().map(this::view).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<AttemptView> findAttempt(long id) {
        return campaign.findByIdOptional(id).map(this::view);
    }

    public AttemptView recordAttempt(AttemptRequest request, String actor) {
        String ncesId = NcesId.parse(request.ncesId()).map(NcesId::value).orElse(null);
        if (!vocabulary.districtExists(ncesId)) {
            throw ProblemException.notFound("No district with NCES id " + ncesId);
        }
        campaign.lockAttemptsOf(ncesId);
        Optional<EnrichmentAttempt> previous = campaign.latestAttempt(ncesId);
        EnrichmentAttempt attempt = new EnrichmentAttempt();
        attempt.ncesId = ncesId;
        attempt.outcome = request.outcome();
        attempt.attemptedBy = actor;
        attempt.attemptedAt = OffsetDateTime.now();
        attempt.sourceUrl = request.sourceUrl();
        attempt.detail = request.detail();
        attempt.priority = request.priority() != null ? request.priority() : previous.map(p -> p.priority).orElse(0);
        if (attempt.outcome.equals("success")) {
            attempt.retryCount = 0;
        } else {
            int failuresBefore = previous.filter(p -> !p.outcome.equals("success")).map(p -> p.retryCount).orElse(0);
            attempt.retryCount = failuresBefore + 1;
            if (attempt.retryCount < config.campaign().maxFailedAttempts()) {
                attempt.nextRetryAt = attempt.attemptedAt.plus(backoff(attempt.retryCount));
            }
        }
        campaign.persist(attempt);
        return view(attempt);
    }

    /** base × 2^(failures − 1), at most the cap: 6 h, 12 h, 24 h … 7 days with the defaults. */
    Duration backoff(int failures) {
        Duration base = config.campaign().retryBackoff();
        Duration cap = config.campaign().maxRetryBackoff();
        Duration wait = base.multipliedBy(1L << Math.min(failures - 1, 30));
        return wait.compareTo(cap) > 0 ? cap : wait;
    }

    private AttemptView view(EnrichmentAttempt attempt) {
        String leftQueue = !attempt.outcome.equals("success")
                && attempt.retryCount >= config.campaign().maxFailedAttempts()
                ? "failed " + attempt.retryCount + " times in a row; last outcome " + attempt.outcome
                        + (attempt.detail == null ? "" : ": " + attempt.detail)
                : null;
        return new AttemptView(attempt.id, attempt.ncesId, attempt.outcome, attempt.attemptedBy, attempt.attemptedAt,
                attempt.retryCount, attempt.nextRetryAt, attempt.priority, attempt.sourceUrl, attempt.detail,
                leftQueue);
    }
}
