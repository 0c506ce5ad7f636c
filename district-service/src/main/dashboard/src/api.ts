// The dashboard's one backend: the platform's public API. district-service serves this page, so its API is
// same-origin; enrichment- and calculation-service are same-origin behind the Ingress, or at the URLs of
// /dashboard/config.json when they run elsewhere (./lct up).

export interface DashboardConfig {
  enrichment_url: string;
  calculation_url: string;
}

export type Service = 'district' | 'enrichment' | 'calculation';

let bases: Record<Service, string> = { district: '', enrichment: '', calculation: '' };

const trimSlash = (url: string) => url.replace(/\/+$/, '');

export async function loadConfig(): Promise<void> {
  // config.json sits beside index.html; the API is at the origin's root.
  const response = await fetch(new URL('config.json', document.baseURI), { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new ApiError(response.status, 'The dashboard configuration could not be read.', 'config.json');
  const config = (await response.json()) as Partial<DashboardConfig>;
  bases = {
    district: '',
    enrichment: trimSlash(config.enrichment_url ?? ''),
    calculation: trimSlash(config.calculation_url ?? ''),
  };
}

/** The absolute or root-relative URL of an API path of one service, with query parameters (empty ones left out). */
export function apiUrl(service: Service, path: string, query: Record<string, string | number | boolean | undefined | null> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `${bases[service]}${path}${search ? `?${search}` : ''}`;
}

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly url: string) {
    super(message);
  }
}

interface Problem {
  title?: string;
  detail?: string;
  errors?: { field?: string; message?: string }[];
}

async function request(url: string, accept: string, signal?: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { Accept: accept }, signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'The service did not answer. Is it running?', url);
  }
  if (!response.ok) {
    let message = `The service answered ${response.status}.`;
    try {
      const problem = (await response.json()) as Problem;
      const details = (problem.errors ?? []).map((e) => e.message).filter(Boolean);
      message = [problem.detail ?? problem.title, ...details].filter(Boolean).join(' ') || message;
    } catch {
      // not a problem+json body: keep the status line
    }
    throw new ApiError(response.status, message, url);
  }
  return response;
}

/**
 * Promise.all that fails in the order the requests are listed, not in the order they happen to fail: when several
 * requests of a page fail (an unknown state answers 404 for the state and 400 for its district list), the page
 * explains the first listed one's problem, whichever answer arrives first.
 */
export async function allInOrder<T extends readonly unknown[] | []>(promises: T): Promise<{ -readonly [P in keyof T]: Awaited<T[P]> }> {
  const settled = await Promise.allSettled(promises);
  for (const result of settled) {
    if (result.status === 'rejected') throw result.reason;
  }
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as { -readonly [P in keyof T]: Awaited<T[P]> };
}

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  return (await (await request(url, 'application/json', signal)).json()) as T;
}

export async function getText(url: string, accept = 'text/csv', signal?: AbortSignal): Promise<string> {
  return (await request(url, accept, signal)).text();
}

// --- Shapes of the answers the dashboard reads (snake_case, as the API writes them) -----------------------------

export interface Coded { code: string; label: string; description: string }

export interface Metadata {
  default_year: string;
  years: { school_year: string; districts: number; current_run_id: number | null }[];
  staff_scopes: Coded[];
  minutes_sources: Coded[];
  collection_methods: Coded[];
  confidence_levels: Coded[];
  states: Coded[];
}

export interface Listing<T> { total: number; items: T[] }

/** A page of a paged list (page from 1, size, the total over all pages). */
export interface Page<T> { page: number; size: number; total: number; items: T[] }

export interface State {
  code: string; name: string; fips: string; jurisdiction_type: string; school_year: string;
  districts: number; enrollment: number;
}

export interface SummaryStatistics {
  geography: string; school_year: string; staff_scope: string; run_id: number;
  districts: number; valid_districts: number;
  mean_lct: number | null; median_lct: number | null; p10_lct: number | null; p25_lct: number | null;
  p75_lct: number | null; p90_lct: number | null; min_lct: number | null; max_lct: number | null;
  stddev_lct: number | null; enrollment_weighted_lct: number | null; valid_enrollment: number;
}

export interface Summary { geography: string; school_year: string; refreshed_at: string | null; scopes: SummaryStatistics[] }

export interface StateRequirement {
  state_code: string; grade_level: string; daily_minutes: number | null; annual_hours: number | null;
  annual_days: number | null; valid_from_year: string; source_citation: string | null; source_url: string | null;
  time_counted: string | null; notes: string | null;
}

export interface EnrichmentProgress {
  state_code: string; state_name: string; total_districts: number; enriched_districts: number;
  district_coverage_pct: number | null; total_enrollment: number; enriched_enrollment: number;
  enrollment_coverage_pct: number | null; latest_schedule_year: string | null;
}

export interface StateDetail { state: State; requirements: StateRequirement[]; enrichment: EnrichmentProgress | null }

export interface BellSchedule {
  id: number; nces_id: string; school_year: string; grade_level: string; instructional_minutes: number;
  start_time: string | null; end_time: string | null; lunch_minutes: number | null; passing_minutes: number | null;
  recess_minutes: number | null; method: string; confidence: string; source_urls: string[];
  source_description: string | null; schools_sampled: string[]; notes: string | null; updated_at: string; version: number;
}

export interface LctResult {
  staff_scope: string; school_year: string; run_id: number; run_finished_at: string | null; lct_minutes: number | null;
  is_valid: boolean; instructional_minutes: number; minutes_source: string; minutes_grade_level: string | null;
  bell_schedule_id: number | null; staff_fte: number | null; enrollment: number | null; qa_flags: string[];
}

export interface DistrictDetail {
  nces_id: string; name: string; state_code: string; state_name: string; school_year: string;
  enrollment: number | null; instructional_staff_fte: number | null; is_shared_service: boolean; source: string;
  state_requirements: StateRequirement[]; bell_schedules: BellSchedule[]; lct: LctResult[];
}

export interface Evidence {
  sha256: string; content_type: string | null; size_bytes: number; file_name: string | null; attached_by: string | null;
  attached_at: string | null; href: string;
}

export interface LineageEntry {
  id: number; entity: string; entity_key: string; action: string; before_values: Record<string, unknown> | null;
  after_values: Record<string, unknown> | null; changed_columns: string[]; actor: string; reason: string | null;
  source: string | null; correlation_id: string | null; recorded_at: string;
}

export interface LineagePage { page: number; size: number; total: number; items: LineageEntry[] }

export interface Run {
  id: number; mode: string; status: string; school_year: string; triggered_by: string; requested_by: string | null;
  requested_at: string; started_at: string | null; finished_at: string | null; duration_ms: number | null;
  compute_ms: number | null; refresh_ms: number | null; result_rows: number | null; districts_calculated: number | null;
  districts_carried_forward: number | null; no_changes: boolean; error: string | null;
  qa: { pass_rate: number; total_rows: number; valid_rows: number; overall_status: string } | null;
}

export interface QaReport {
  overall_status: string;
  metadata: { run_id: number; school_year: string; mode: string; generated_at: string };
  data_quality: {
    districts: number; total_rows: number; valid_rows: number; invalid_rows: number; pass_rate: number;
    pass_rate_threshold: number; districts_with_flags: number;
  };
  safeguards: Record<string, { rows: number; districts: number }>;
  safeguard_definitions: Record<string, string>;
  hierarchy_validation: Record<string, { passed: boolean; lower: { scope: string; mean: number }; higher: { scope: string; mean: number } }>;
  outliers: { nces_id: string; district_name: string; state: string; scope: string; lct: number; issue: string; severity: string }[];
  by_state: { state: string; scope: string; rows: number; valid_rows: number; mean: number | null; median: number | null; std: number | null }[];
  state_coverage: { states: string[]; states_with_data: number };
  minutes_sources: { source: string; tier: number; districts: number }[];
}
