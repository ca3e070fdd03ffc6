import type { ReactNode } from 'react';
import { Tag } from '@nutui/nutui-react-taro';
import './index.scss';

export type Tone = 'green' | 'orange' | 'blue' | 'grey' | 'red';

/** Text colour and soft background per tone (NutUI's plain tags are black-bordered). */
const TONES: Record<Tone, { color: string; background: string }> = {
  green: { color: '#128a63', background: '#e3f5ed' },
  orange: { color: '#b86e00', background: '#fff2dc' },
  blue: { color: '#2f6fd6', background: '#e8f0fd' },
  grey: { color: '#6b7570', background: '#eef1f0' },
  red: { color: '#cc3b22', background: '#fdeae6' },
};

export default function SoftTag({
  tone,
  children,
  className,
}: {
  tone: Tone;
  children: ReactNode;
  className?: string;
}) {
  const { color, background } = TONES[tone];
  return (
    <Tag className={`soft-tag ${className ?? ''}`} type="default" color={color} background={background}>
      {children}
    </Tag>
  );
}
