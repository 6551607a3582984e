// A "copy" button copies the text of the element its data-copy names, and
// says so in its data-copied words. Without a script, the text stays
// selectable and the button stays hidden.
'use strict';

for (const button of document.querySelectorAll('button[data-copy]')) {
  button.hidden = false;
  button.addEventListener('click', async () => {
    const text = document.getElementById(button.dataset.copy)?.textContent ?? '';
    await navigator.clipboard.writeText(text.trim());
    const said = document.getElementById(`${button.dataset.copy}-copied`);
    if (said) said.textContent = button.dataset.copied;
  });
}
