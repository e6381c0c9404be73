import { h } from './ui.js';

export interface AskOptions {
  title: string;
  text: string;
  confirm: string;
  /** Ask for a reason (required). */
  reason?: boolean;
  danger?: boolean;
}

/**
 * A modal confirmation (native <dialog>: focus kept inside, Esc cancels) that may ask for a reason.
 * Resolves with the reason ('' when none is asked), or null when cancelled.
 */
export const ask = (o: AskOptions): Promise<string | null> =>
  new Promise((resolve) => {
    const reason = h('textarea', { id: 'dialog-reason', rows: 3, maxlength: 500, required: true });
    const form = h(
      'form',
      { method: 'dialog' },
      h('h2', { id: 'dialog-title' }, o.title),
      h('p', {}, o.text),
      o.reason ? h('label', { for: 'dialog-reason' }, 'Lý do (bắt buộc, ghi vào nhật ký)') : null,
      o.reason ? reason : null,
      h(
        'div',
        { class: 'row actions' },
        h('button', { type: 'submit', value: 'ok', id: 'dialog-ok', class: o.danger ? 'danger' : '' }, o.confirm),
        h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, 'Hủy'),
      ),
    );
    const dialog = h('dialog', { class: 'modal', 'aria-labelledby': 'dialog-title' }, form);
    form.addEventListener('submit', () => (dialog.returnValue = 'ok'));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'ok' ? reason.value.trim() : null);
    });
    document.body.append(dialog);
    dialog.showModal();
    if (o.reason) reason.focus();
  });
