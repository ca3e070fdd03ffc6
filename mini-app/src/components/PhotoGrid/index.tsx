import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import type { PhotoView } from '@linli/shared';
import { photoSrc } from '../../services/photos';
import './index.scss';

/**
 * Thumbnails (`#<idPrefix>-<photoId>`); a tap opens the full pictures (`Taro.previewImage`). A
 * photo WeChat judged risky reaches only the desk, and is marked (`data-risky`, 疑似违规).
 */
export default function PhotoGrid({ idPrefix, photos }: { idPrefix: string; photos: PhotoView[] }) {
  if (photos.length === 0) return null;
  const urls = photos.map((photo) => photoSrc(photo.url));
  return (
    <View className="photo-grid">
      {photos.map((photo, index) => {
        const image = (
          <Image
            key={photo.id}
            id={`${idPrefix}-${photo.id}`}
            data-risky={photo.risky ? 'true' : undefined}
            className={`photo-grid__img${photo.risky ? ' photo-grid__img--risky' : ''}`}
            src={photoSrc(photo.thumbnailUrl)}
            mode="aspectFill"
            onClick={(e) => {
              e.stopPropagation();
              void Taro.previewImage({ urls, current: urls[index] });
            }}
          />
        );
        if (!photo.risky) return image;
        return (
          <View key={photo.id} className="photo-grid__risky">
            {image}
            <Text className="photo-grid__risky-label">疑似违规</Text>
          </View>
        );
      })}
    </View>
  );
}
