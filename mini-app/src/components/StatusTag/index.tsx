import { STATUS_LABELS, type RequestStatus } from '@linli/shared';
import SoftTag, { type Tone } from '../SoftTag';

const STATUS_TONES: Record<RequestStatus, Tone> = {
  received: 'orange',
  accepted: 'blue',
  dispatched: 'blue',
  taken: 'blue',
  in_progress: 'blue',
  fee_pending: 'orange',
  on_hold: 'grey',
  resolved: 'green',
  closed: 'grey',
  invalid_pending: 'orange',
  invalid: 'grey',
  cancelled: 'grey',
};

/** A request's status with its Chinese label (STATUS_LABELS). */
export default function StatusTag({ status, className }: { status: RequestStatus; className?: string }) {
  return (
    <SoftTag tone={STATUS_TONES[status] ?? 'grey'} className={className}>
      {STATUS_LABELS[status] ?? status}
    </SoftTag>
  );
}
