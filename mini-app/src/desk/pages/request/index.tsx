import { useRouter } from '@tarojs/taro';
import RequestScreen from '../../../components/RequestScreen';
import './index.scss';

/**
 * A request at the desk: accept (grade, department), rule invalid, dispatch / reassign with the
 * staff picker, transfer, approve or reject an invalid ruling, record the callback, notes.
 * `?action=callback` opens that form at once (from 待回访).
 */
export default function DeskRequestPage() {
  const router = useRouter();
  return (
    <RequestScreen
      id={Number(router.params.id)}
      created={router.params.created === '1'}
      autoAction={router.params.action}
    />
  );
}
