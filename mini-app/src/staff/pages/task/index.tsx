import { useRouter } from '@tarojs/taro';
import RequestScreen from '../../../components/RequestScreen';
import './index.scss';

/**
 * A task for its handler: the request with the resident's contact (the server shows it to the
 * handler only) and the buttons for take/claim, start, progress, quote, pause, resume, complete,
 * return, transfer and internal notes, as `detail.actions` allows.
 */
export default function TaskPage() {
  const router = useRouter();
  return (
    <RequestScreen
      id={Number(router.params.id)}
      created={router.params.created === '1'}
      autoAction={router.params.action}
    />
  );
}
