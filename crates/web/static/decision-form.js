// The new-decision form shows the chosen method's settings only. Without a
// script, its "show this method's settings" button redisplays the form;
// with one, choosing a method does it.
document.getElementById('d-method')?.addEventListener('change', () => {
  document.getElementById('d-method-show')?.click();
});
