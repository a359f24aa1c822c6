// Moving between views without a reload: the shell (app.js) listens for 'brisk:navigate'.
export function navigate(path, replace) {
  history[replace ? 'replaceState' : 'pushState'](null, '', path);
  window.dispatchEvent(new Event('brisk:navigate'));
}
