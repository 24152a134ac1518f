// Apply a chosen theme before the first paint, so a dark-mode reader sees no white flash.
// A file rather than an inline script, so the Content-Security-Policy can forbid inline scripts.
try {
  var t = localStorage.getItem('vigil.theme');
  if (t === 'light' || t === 'dark') document.documentElement.dataset.theme = t;
} catch (e) {}
