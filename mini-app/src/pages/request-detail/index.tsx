import { useRouter } from '@tarojs/taro';
import RequestScreen from '../../components/RequestScreen';
import './index.scss';

/** A resident's request: everything about it, its timeline, and what they may do now. */
export default function RequestDetailPage() {
  const router = useRouter();
  return (
    <RequestScreen
      id={Number(router.params.id)}
      created={router.params.created === '1'}
      autoAction={router.params.action}
    />
  );
}
