import Taro from '../../test/taro.mock';
import { callbacksDue, listRequests, listTasks, myRequests } from './requests';
import { saveSession } from './session';

const user = {
  id: 1,
  role: 'resident' as const,
  name: '张三',
  phone: '13800138000',
  phoneVerified: false,
  openid: 'demo-resident-1',
};
const page = { items: [], next: null, total: 0, totalCapped: false, page: 1, pageSize: 10 };

beforeEach(() => {
  Taro.__reset();
  saveSession({ accessToken: 'access-1', refreshToken: 'refresh-1', expiresIn: 900, user });
  Taro.request.mockImplementation(() => Promise.resolve({ statusCode: 200, data: page }));
});

const urls = () => Taro.request.mock.calls.map(([call]) => call.url.replace('http://api.test', ''));

describe('the request lists page by cursor', () => {
  it('ask for the first page without a cursor or page number', async () => {
    await myRequests();
    await listRequests({ status: 'received', kind: '' });
    await listTasks('pending');
    await callbacksDue();
    expect(urls()).toEqual([
      '/api/requests/mine?pageSize=10',
      '/api/requests?pageSize=10&status=received',
      '/api/tasks?tab=pending&pageSize=10',
      '/api/callbacks/due?pageSize=10',
    ]);
  });

  it('pass the next page’s cursor as it came', async () => {
    await myRequests('WzE3NjQ5MDAwMDAwMDAsNDJd', 10, 'open');
    await listRequests({ status: 'accepted', kind: 'repair', cursor: 'abc_-1' });
    await listTasks('done', 'xyz');
    await callbacksDue('c1', 1);
    expect(urls()).toEqual([
      '/api/requests/mine?status=open&pageSize=10&cursor=WzE3NjQ5MDAwMDAwMDAsNDJd',
      '/api/requests?pageSize=10&status=accepted&kind=repair&cursor=abc_-1',
      '/api/tasks?tab=done&pageSize=10&cursor=xyz',
      '/api/callbacks/due?pageSize=1&cursor=c1',
    ]);
  });
});
