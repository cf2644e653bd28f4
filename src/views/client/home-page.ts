// Entry module of the start page: the live character counter of the prompt box, and the list of my
// documents (my-documents.ts). The prompt limit itself is enforced by the textarea maxlength and, authoritatively, by the server.

import { T } from './labels.js';
import { wireMyDocuments } from './my-documents.js';

const prompt = document.getElementById('prompt');
const counter = document.getElementById('prompt-count');

if (prompt instanceof HTMLTextAreaElement && counter) {
  const max = Number(counter.dataset.max ?? prompt.maxLength);
  const update = () => {
    const used = prompt.value.length;
    counter.textContent = T.promptCount(used, max);
    counter.classList.toggle('near', used >= max * 0.9 && used <= max);
    counter.classList.toggle('over', used > max);
  };
  prompt.addEventListener('input', update);
  update();
}

wireMyDocuments();
