import { Button } from '@mantine/core';
import { useState } from 'react';
import { ProblemAlert } from './common';
import './labels';

/**
 * Downloads a service's file (a CSV, a disclosure document) as the signed-in user (the token lives in memory, so a plain link cannot carry it):
 * fetched, then handed to the browser as a file.
 */
export function FileDownload({ label, fileName, fetchFile }: { label: string; fileName: string; fetchFile: () => Promise<Blob> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const download = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const blob = await fetchFile();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      document.body.append(a);
      a.click();
      a.remove();
      // released once the browser has taken the file (revoking at once can cut a download short)
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="xs" variant="default" loading={busy} onClick={() => void download()}>
        {label}
      </Button>
      <ProblemAlert error={error} />
    </>
  );
}
