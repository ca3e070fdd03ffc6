import Taro from '@tarojs/taro';
import { Image, View } from '@tarojs/components';
import type { PhotoView } from '@linli/shared';
import { photoSrc } from '../../services/photos';
import './index.scss';

/** Thumbnails (`#<idPrefix>-<photoId>`); a tap opens the full pictures (`Taro.previewImage`). */
export default function PhotoGrid({ idPrefix, photos }: { idPrefix: string; photos: PhotoView[] }) {
  if (photos.length === 0) return null;
  const urls = photos.map((photo) => photoSrc(photo.url));
  return (
    <View className="photo-grid">
      {photos.map((photo, index) => (
        <Image
          key={photo.id}
          id={`${idPrefix}-${photo.id}`}
          className="photo-grid__img"
          src={photoSrc(photo.thumbnailUrl)}
          mode="aspectFill"
          onClick={(e) => {
            e.stopPropagation();
            void Taro.previewImage({ urls, current: urls[index] });
          }}
        />
      ))}
    </View>
  );
}
