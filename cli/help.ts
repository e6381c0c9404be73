/** The command line speaks Vietnamese: help titles, placeholders, option notes, commander's errors, examples. */
import { type Command, Help, type Option } from 'commander';

const TITLES: Record<string, string> = {
  'Usage:': 'Cách dùng:',
  'Options:': 'Tùy chọn:',
  'Commands:': 'Lệnh:',
  'Arguments:': 'Đối số:',
  'Global Options:': 'Tùy chọn chung:',
};

const placeholders = (usage: string) => usage.replace('[options]', '[tùy chọn]').replace('[command]', '<lệnh>');

/** Help in Vietnamese: section titles, usage placeholders, required and default values of options. */
export const vietnameseHelp: Partial<Help> = {
  styleTitle: (title: string) => TITLES[title] ?? title,
  commandUsage(this: Help, cmd: Command) {
    return placeholders(Help.prototype.commandUsage.call(this, cmd));
  },
  subcommandTerm(this: Help, cmd: Command) {
    return placeholders(Help.prototype.subcommandTerm.call(this, cmd));
  },
  optionDescription: (option: Option) => {
    const extra = [
      option.mandatory && 'bắt buộc',
      option.defaultValue !== undefined && `mặc định: ${option.defaultValueDescription ?? JSON.stringify(option.defaultValue)}`,
    ].filter(Boolean);
    return [option.description, extra.length ? `(${extra.join(', ')})` : ''].filter(Boolean).join(' ');
  },
};

/** Commander's error messages (v14), in Vietnamese; anything else keeps its text after "lỗi:". */
const ERRORS: [RegExp, (...m: string[]) => string][] = [
  [/^error: unknown option '(.*?)'(?:\n\(Did you mean (.*)\?\))?$/s, (o, s) => `không có tùy chọn ${o}${s ? ` (có phải ${s}?)` : ''}`],
  [/^error: required option '(.*)' not specified$/, (o) => `thiếu tùy chọn bắt buộc ${o}`],
  [/^error: option '(.*)' argument missing$/, (o) => `tùy chọn ${o} cần một giá trị`],
  [/^error: option '(.*)' argument '(.*)' is invalid\.(.*)$/s, (o, v, why) => `giá trị "${v}" của ${o} không hợp lệ.${why}`],
  [
    /^error: unknown command '(.*?)'(?:\n\(Did you mean (.*)\?\))?$/s,
    (c, s) => `không có lệnh "${c}"${s ? ` (có phải ${s}?)` : ''}; xem danh sách lệnh: npx bloc --help`,
  ],
  [
    /^error: too many arguments(?: for '(.*)')?\..*$/s,
    (c) => `thừa đối số${c ? ` cho lệnh ${c}` : ''}: mỗi giá trị phải đi ngay sau tùy chọn của nó (ví dụ --out ket-qua.json)`,
  ],
  [/^error: missing required argument '(.*)'$/, (a) => `thiếu đối số bắt buộc ${a}`],
  [/^error: (.*) cannot be used with (.*)$/, (a, b) => `không dùng ${a} cùng ${b}`],
  [/^error: (.*)$/s, (rest) => rest],
];

export const vietnameseError = (message: string): string => {
  const text = message.trimEnd();
  for (const [re, say] of ERRORS) {
    const m = re.exec(text);
    if (m) return `lỗi: ${say(...m.slice(1).map((g) => g ?? ''))}\n`;
  }
  return message;
};

export const example = (...lines: string[]) => `\nVí dụ:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
