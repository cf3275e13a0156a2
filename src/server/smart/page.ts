/**
 * The page a clinician sees when a launch from their EHR cannot go on: plain HTML from the server
 * (the launch has no web app session yet), one heading, what happened and what to do, a way on.
 */
const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export function launchPage({
  title,
  detail,
  link = { href: '/sign-in', text: 'Sign in to SIJ Pathway with your password' },
}: {
  title: string;
  detail: string;
  link?: { href: string; text: string };
}): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · SIJ Pathway</title>
<style>
body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 0; color: #1a1b1e; background: #f8f9fa; }
main { max-width: 36rem; margin: 3rem auto; padding: 1.5rem; background: #fff; border-radius: 8px; }
h1 { font-size: 1.5rem; margin-top: 0; }
a { color: #1864ab; }
</style>
</head>
<body>
<main>
<p>SIJ Pathway</p>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(detail)}</p>
<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>
</main>
</body>
</html>
`;
}
