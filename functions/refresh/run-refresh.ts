import { METRIC_NAMES } from '#adapters/resource-settings.ts';
import { MetricUnit, type Observability } from '../commons/powertools.ts';
import { type RefreshDeps, type RefreshReport, refreshLists } from './refresh-lists.ts';

/**
 * One scheduled refresh with its telemetry: ListRefreshFailed counts the lists refused or not
 * downloadable (emitted every run, 0 when all is well, so the alarm sees data), and a refresh
 * that cannot run at all counts as one failure and throws. Logs name lists, counts and
 * versions only, never an entry or a party.
 */
export function createRefreshRun(deps: RefreshDeps, observability: Observability) {
  const { logger, metrics } = observability;
  return async function run(): Promise<RefreshReport> {
    let report: RefreshReport;
    try {
      report = await refreshLists(deps);
    } catch (err) {
      metrics.addMetric(METRIC_NAMES.listRefreshFailed, MetricUnit.Count, 1);
      logger.error('list refresh could not run; the live snapshot keeps serving', {
        error: (err as Error)?.name,
        message: (err as Error)?.message,
      });
      throw err;
    }
    metrics.addMetric(METRIC_NAMES.listRefreshFailed, MetricUnit.Count, report.failures);
    metrics.addMetric(METRIC_NAMES.listRescreenFlags, MetricUnit.Count, report.rescreen?.flagsWritten ?? 0);
    for (const list of report.lists) {
      const details = { list: list.list, outcome: list.outcome, entries: list.entries, error: list.error };
      if (list.error) logger.error('list refused; its edition in use keeps serving', details);
      else
        logger.info('list checked', {
          ...details,
          added: list.added,
          changed: list.changed,
          removed: list.removed,
        });
    }
    logger.info('list refresh done', {
      previousVersion: report.previousVersion,
      snapshotVersion: report.snapshotVersion,
      published: report.published,
      rescreen: report.rescreen,
    });
    return report;
  };
}
