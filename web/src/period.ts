import type { Me, Period } from './api.js';
import { defaultPeriod, h, vnDate } from './ui.js';

export interface PeriodPicker {
  /** The label and select, for a card. */
  control: HTMLElement;
  /** Dates and deadline of the chosen period. */
  info: HTMLElement;
  current(): Period;
}

/** The period select every page starts with: the open period by default; `onChange` after a choice. */
export const periodPicker = (me: Me, onChange: (p: Period) => void): PeriodPicker => {
  let period = defaultPeriod(me.periods, me.now)!;
  const info = h('p', { id: 'period-info' });
  const show = () => {
    const today = me.now.slice(0, 10);
    const open = period.from <= today && today <= period.deadline;
    info.replaceChildren(
      `Từ ${vnDate(period.from)} đến ${vnDate(period.to)}. Hạn nộp: `,
      h('strong', {}, vnDate(period.deadline)),
      open ? ' — đang mở.' : today > period.deadline ? ' — đã quá hạn (tệp nộp bây giờ được ghi là nộp muộn).' : ' — chưa bắt đầu.',
    );
  };
  const select = h(
    'select',
    {
      id: 'period',
      onchange: () => {
        period = me.periods.find((p) => p.id === select.value)!;
        show();
        onChange(period);
      },
    },
    ...me.periods.map((p) => h('option', { value: p.id, selected: p.id === period.id }, `${p.name} (${p.id})`)),
  );
  show();
  return { control: h('div', { class: 'row' }, h('label', { for: 'period' }, 'Đợt'), select), info, current: () => period };
};
