import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiFailure, type ManifestDetail, manifestIdOf, putWithProgress } from '../api.ts';
import { ErrorNote, formatBytes, formatNumber } from '../common.tsx';
import { useI18n } from '../i18n.ts';
import { Link } from '../router.ts';
import { useApp } from '../state.ts';
import { formatPortTime, portTimeZone } from '../time.ts';

type Stage =
  | { step: 'idle' }
  | { step: 'reading'; name: string }
  | { step: 'duplicate'; manifest: ManifestDetail }
  | { step: 'uploading'; name: string; sent: number; total: number }
  | { step: 'processing'; id: string; manifest?: ManifestDetail; slow: boolean }
  | { step: 'failed'; error: unknown };

const POLL_MS = 1000;

function contentTypeOf(name: string) {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (ext === 'csv') return 'text/csv' as const;
  if (ext === 'json') return 'application/json' as const;
  if (ext === 'edi' || ext === 'edifact' || ext === 'cuscar') return 'application/edifact' as const;
  if (ext === 'txt') return 'text/plain' as const;
  return 'application/octet-stream' as const;
}

export function Upload() {
  const { api, port } = useApp();
  const { t, locale } = useI18n();
  const [stage, setStage] = useState<Stage>({ step: 'idle' });
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  async function send(file: File) {
    try {
      setStage({ step: 'reading', name: file.name });
      // The pipeline names a manifest after its content: the same file again is said plainly.
      const id = await manifestIdOf(port, file);
      const existing = await api.manifest(id).catch((err) => {
        if (err instanceof ApiFailure && err.status === 404) return undefined;
        throw err;
      });
      if (existing) {
        setStage({ step: 'duplicate', manifest: existing });
        return;
      }
      const upload = await api.createUpload({
        port,
        fileName: file.name.replace(/[/\\\u0000-\u001f]/g, '_').slice(0, 200),
        contentType: contentTypeOf(file.name),
        contentLength: file.size,
      });
      setStage({ step: 'uploading', name: file.name, sent: 0, total: file.size });
      await putWithProgress(upload, file, (sent, total) =>
        setStage({ step: 'uploading', name: file.name, sent, total }),
      );
      setStage({ step: 'processing', id, slow: false });
    } catch (error) {
      setStage({ step: 'failed', error });
    }
  }

  // Watch the manifest being validated and profiled, without reloading.
  const processingId = stage.step === 'processing' ? stage.id : undefined;
  useEffect(() => {
    if (!processingId) return;
    let stopped = false;
    const started = Date.now();
    const poll = async () => {
      while (!stopped) {
        const manifest = await api.manifest(processingId).catch(() => undefined);
        if (stopped) return;
        setStage({ step: 'processing', id: processingId, manifest, slow: Date.now() - started > 30_000 });
        if (manifest && (manifest.status === 'complete' || manifest.status === 'rejected')) return;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    };
    poll();
    return () => {
      stopped = true;
    };
  }, [processingId, api]);

  const busy = stage.step === 'reading' || stage.step === 'uploading';
  const m = stage.step === 'processing' ? stage.manifest : undefined;

  return (
    <>
      <h1>{t('upload.title')}</h1>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop zone is a convenience; the file input inside is the keyboard path */}
      <div
        class={`drop-zone${dragging ? ' dragging' : ''}`}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          const file = e.dataTransfer?.files[0];
          if (file && !busy) send(file);
        }}
      >
        <p>{t('upload.drop')}</p>
        <label>
          {t('upload.choose')}
          <input
            ref={input}
            type="file"
            name="manifest"
            accept=".csv,.json,.edi,.edifact,.cuscar,.txt,text/csv,application/json"
            disabled={busy}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) send(file);
            }}
          />
        </label>
      </div>

      <div class="upload-status" aria-live="polite">
        {stage.step === 'reading' && <p>{t('upload.reading', { name: stage.name })}</p>}
        {stage.step === 'uploading' && (
          <>
            <p>
              {t('upload.uploading', {
                name: stage.name,
                sent: formatBytes(stage.sent, locale),
                total: formatBytes(stage.total, locale),
              })}
            </p>
            <progress
              max={stage.total || 1}
              value={stage.sent}
              aria-label={t('upload.progress')}
              data-testid="upload-progress"
            />
          </>
        )}
        {stage.step === 'duplicate' && (
          <div class="note warning" role="alert" data-testid="duplicate">
            <p>
              {t('upload.duplicate', {
                date: `${formatPortTime(stage.manifest.receivedAt, port, locale)} (${portTimeZone(port)})`,
                id: stage.manifest.id,
              })}
            </p>
            <p>
              <Link href={`/manifest/${stage.manifest.id}`}>{t('manifests.report')}</Link>
              {stage.manifest.status === 'complete' && (
                <>
                  {' · '}
                  <Link href={`/inspection/${stage.manifest.id}`}>{t('manifests.inspection')}</Link>
                </>
              )}
            </p>
          </div>
        )}
        {stage.step === 'processing' && (
          <div data-testid="processing" data-status={m?.status ?? 'waiting'}>
            {!m || m.status === 'received' ? <p>{t('upload.waiting')}</p> : null}
            {m?.status === 'queued' && (
              <>
                <p>{t('upload.profiling', { done: m.chunksDone, total: m.chunkCount })}</p>
                <progress max={m.chunkCount || 1} value={m.chunksDone} aria-label={t('report.progress')} />
              </>
            )}
            {m?.status === 'complete' && (
              <p class="note success" role="status">
                {t('upload.complete', {
                  containers: formatNumber(m.containersProfiled, locale),
                  flagged: formatNumber(m.containersFlagged, locale),
                  rejected: formatNumber(m.counts.rejectedRecords ?? 0, locale),
                })}
              </p>
            )}
            {m?.status === 'rejected' && (
              <p class="note error" role="alert">
                {t('upload.rejected')}
              </p>
            )}
            {stage.slow && m?.status !== 'complete' && m?.status !== 'rejected' && <p>{t('upload.slow')}</p>}
            {m && (
              <p class="actions">
                <Link href={`/manifest/${m.id}`}>{t('manifests.report')}</Link>
                {m.status === 'complete' && (
                  <Link href={`/inspection/${m.id}`}>{t('manifests.inspection')}</Link>
                )}
              </p>
            )}
          </div>
        )}
        {stage.step === 'failed' && (
          <ErrorNote error={stage.error} onRetry={() => setStage({ step: 'idle' })} />
        )}
      </div>
      {(stage.step === 'duplicate' || (stage.step === 'processing' && m?.status === 'complete')) && (
        <button
          type="button"
          onClick={() => {
            setStage({ step: 'idle' });
            if (input.current) input.current.value = '';
            input.current?.focus();
          }}
        >
          {t('upload.another')}
        </button>
      )}
    </>
  );
}
