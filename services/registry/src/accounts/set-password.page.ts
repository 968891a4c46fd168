/** The page an invitation email links to: a form that posts the link's token and the new password to the API. */
export const SET_PASSWORD_PAGE = `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>パスワードの設定 / Set your password — Collabo</title>
<style>
  body { font-family: system-ui, "Hiragino Sans", "Noto Sans JP", sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem; color: #222; }
  label { display: block; margin: 1rem 0 .25rem; }
  input { width: 100%; padding: .5rem; font-size: 1rem; box-sizing: border-box; }
  button { margin-top: 1.25rem; padding: .6rem 1.2rem; font-size: 1rem; }
  #message { margin-top: 1rem; }
  .error { color: #b00020; } .ok { color: #11703a; }
</style>
</head>
<body>
<h1>パスワードの設定<br><small>Set your password</small></h1>
<form id="form">
  <label for="password">新しいパスワード（10文字以上） / New password (10 characters or more)</label>
  <input id="password" type="password" minlength="10" maxlength="256" autocomplete="new-password" required>
  <label for="confirm">確認のためもう一度 / Once more</label>
  <input id="confirm" type="password" minlength="10" maxlength="256" autocomplete="new-password" required>
  <button type="submit">設定する / Set password</button>
</form>
<p id="message" role="status"></p>
<script>
  const token = new URLSearchParams(location.search).get('token') || '';
  const message = document.getElementById('message');
  const show = (text, cls) => { message.textContent = text; message.className = cls; };
  document.getElementById('form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const password = document.getElementById('password').value;
    if (password !== document.getElementById('confirm').value) return show('パスワードが一致しません / The passwords differ', 'error');
    const res = await fetch('/v1/auth/set-password', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, password }) });
    if (res.ok) { document.getElementById('form').hidden = true; return show('設定しました。ログインできます / Done: you can now log in', 'ok'); }
    const problem = await res.json().catch(() => ({}));
    show((problem.errors && problem.errors[0] && problem.errors[0].message) || problem.detail || 'エラー / Error', 'error');
  });
</script>
</body>
</html>
`;
