import Taro from '../../../test/taro.mock';
import { pickPhotos } from './pick';

beforeEach(() => Taro.__reset());

describe('pickPhotos (weapp)', () => {
  it('asks chooseMedia for compressed images from the album or the camera, as many as there is room for', async () => {
    Taro.chooseMedia.mockResolvedValueOnce({
      type: 'image',
      tempFiles: [
        { tempFilePath: 'wxfile://tmp/a.jpg', size: 120_000, fileType: 'image' },
        { tempFilePath: 'wxfile://tmp/b.jpg', size: 90_000, fileType: 'image' },
      ],
    });
    await expect(pickPhotos(4, ['album', 'camera'])).resolves.toEqual({
      photos: [
        { path: 'wxfile://tmp/a.jpg', size: 120_000 },
        { path: 'wxfile://tmp/b.jpg', size: 90_000 },
      ],
      dropped: [],
    });
    expect(Taro.chooseMedia).toHaveBeenCalledWith({
      count: 4,
      mediaType: ['image'],
      sourceType: ['album', 'camera'],
      sizeType: ['compressed'],
    });
  });

  it('never asks for more than the 9 WeChat allows at once', async () => {
    Taro.chooseMedia.mockResolvedValueOnce({ type: 'image', tempFiles: [] });
    await pickPhotos(20, ['album']);
    expect(Taro.chooseMedia.mock.calls[0][0].count).toBe(9);
  });

  it('rejects as chooseMedia does, so a cancel or a refused guide reaches the picker', async () => {
    Taro.chooseMedia.mockRejectedValueOnce({ errMsg: 'chooseMedia:fail privacy permission is not authorized' });
    await expect(pickPhotos(1, ['album'])).rejects.toEqual({
      errMsg: 'chooseMedia:fail privacy permission is not authorized',
    });
  });
});
