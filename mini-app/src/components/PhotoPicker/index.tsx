import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { MAX_PHOTOS, type PhotoView } from '@linli/shared';
import { ApiError, errorMessage } from '../../services/http';
import { photoSrc, uploadPhoto } from '../../services/photos';
import { ensurePrivacyConsent } from '../../services/privacy';
import { pickPhotos } from './pick';
import { REASON_DETAILS, rejectionReason, triage, unusableToast, type Picked, type UnusableReason } from './unusable';
import './index.scss';

interface Pending {
  key: string;
  path: string;
  progress: number;
}

/** h5 on a phone: the browser's own picker already offers the camera (Taro's extra sheet would ask twice). */
const SOURCE_TYPE: ('album' | 'camera')[] = process.env.TARO_ENV === 'h5' ? ['album'] : ['album', 'camera'];

let sequence = 0;

/** The server's own words for a refused upload: the file's problem when it named one. */
const refusal = (err: unknown) =>
  err instanceof ApiError && err.details.length > 0 ? err.details[0].message : errorMessage(err);

export interface PhotoPickerProps {
  /** `#<id>` wraps the grid (`data-count`, `data-uploading`); `#<id>-add`, `#<id>-photo-<photoId>`, `#<id>-remove-<photoId>`, `#<id>-error`. */
  id: string;
  value: PhotoView[];
  onChange: (photos: PhotoView[]) => void;
  max?: number;
  /** Told while uploads are running, so the form can wait for them. */
  onBusyChange?: (busy: boolean) => void;
  label?: string;
}

/**
 * Choose up to `max` pictures (`Taro.chooseMedia` in weapp, the browser's picker in h5) after the
 * privacy consent (the page mounts `PrivacyPopup`), upload them one by one to `/api/photos`
 * (`Taro.uploadFile`, field `files`, bearer token) and keep the returned photos: thumbnails
 * with a remove button, a progress tile per upload, the server's reason when one fails. A photo
 * that cannot be used (unreadable, wrong type, too large) is skipped with a toast that says why.
 */
export default function PhotoPicker({ id, value, onChange, max = MAX_PHOTOS, onBusyChange, label }: PhotoPickerProps) {
  const [pending, setPending] = useState<Pending[]>([]);
  const [error, setError] = useState('');
  const valueRef = useRef(value);
  valueRef.current = value;
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const busy = pending.length > 0;
  useEffect(() => {
    onBusyChange?.(busy);
  }, [busy]);

  const room = max - value.length - pending.length;

  const choose = async () => {
    if (room <= 0) {
      void Taro.showToast({ title: `最多上传 ${max} 张照片`, icon: 'none' });
      return;
    }
    // h5 asks here before the first pick; weapp's chooseMedia has WeChat ask (services/privacy.ts).
    if (!(await ensurePrivacyConsent())) return;
    let picked: Picked;
    try {
      picked = await pickPhotos(room, SOURCE_TYPE);
    } catch (err) {
      const message = (err as { errMsg?: string })?.errMsg ?? '';
      // A cancel, or 拒绝 in the privacy popup (which told why already).
      if (!/cancel|privacy/i.test(message)) setError('无法打开相册，请检查权限后重试');
      return;
    }
    const { uploads, skipped } = triage(picked, room);
    if (uploads.length === 0 && skipped.length === 0) return;
    setError('');
    // Unusable as picked: skipped, rather than uploaded only to be refused.
    const unusable: UnusableReason[] = [...skipped];
    const failures = skipped.map((reason) => REASON_DETAILS[reason]);
    const items = uploads.map((file) => ({ key: `p${++sequence}`, path: file.path, progress: 0 }));
    setPending((previous) => [...previous, ...items]);
    for (const item of items) {
      try {
        const photo = await uploadPhoto(item.path, (progress) => {
          if (mounted.current) {
            setPending((previous) => previous.map((p) => (p.key === item.key ? { ...p, progress } : p)));
          }
        });
        const next = [...valueRef.current, photo];
        valueRef.current = next;
        if (mounted.current) onChange(next);
      } catch (err) {
        const reason = rejectionReason(err);
        if (reason) unusable.push(reason);
        failures.push(refusal(err));
      } finally {
        if (mounted.current) setPending((previous) => previous.filter((p) => p.key !== item.key));
      }
    }
    if (!mounted.current) return;
    if (unusable.length > 0) {
      void Taro.showToast({
        title: unusableToast(unusable, uploads.length + skipped.length),
        icon: 'none',
        duration: 3000,
      });
    }
    if (failures.length > 0) {
      setError(
        failures.length === 1 ? `上传失败：${failures[0]}` : `${failures.length} 张照片上传失败：${failures[0]}`,
      );
    }
  };

  const remove = (photoId: number) => {
    const next = valueRef.current.filter((photo) => photo.id !== photoId);
    valueRef.current = next;
    onChange(next);
  };

  const preview = (photo: PhotoView) => {
    void Taro.previewImage({ urls: value.map((p) => photoSrc(p.url)), current: photoSrc(photo.url) });
  };

  return (
    <View className="photo-picker" id={id} data-count={value.length} data-uploading={pending.length}>
      <View className="photo-picker__head">
        <Text className="form-label">{label ?? '照片'}</Text>
        <Text className="muted" id={`${id}-count`}>
          {value.length}/{max}
        </Text>
      </View>
      <View className="photo-picker__grid">
        {value.map((photo) => (
          <View className="photo-picker__cell" key={photo.id} id={`${id}-photo-${photo.id}`} data-photo-id={photo.id}>
            <Image
              className="photo-picker__img"
              src={photoSrc(photo.thumbnailUrl)}
              mode="aspectFill"
              onClick={() => preview(photo)}
            />
            <View className="photo-picker__remove" id={`${id}-remove-${photo.id}`} onClick={() => remove(photo.id)}>
              ×
            </View>
          </View>
        ))}
        {pending.map((item) => (
          <View className="photo-picker__cell photo-picker__cell--pending" key={item.key}>
            <Image className="photo-picker__img" src={item.path} mode="aspectFill" />
            <View className="photo-picker__progress">{item.progress > 0 ? `${item.progress}%` : '上传中'}</View>
          </View>
        ))}
        {room > 0 ? (
          <View className="photo-picker__cell photo-picker__add" id={`${id}-add`} onClick={() => void choose()}>
            <Text className="photo-picker__plus">+</Text>
            <Text className="photo-picker__add-text">{busy ? '继续添加' : '添加照片'}</Text>
          </View>
        ) : null}
      </View>
      {busy ? (
        <Text className="muted photo-picker__hint" id={`${id}-uploading`}>
          正在上传 {pending.length} 张照片…
        </Text>
      ) : null}
      {error ? (
        <Text className="field-error" id={`${id}-error`}>
          {error}
        </Text>
      ) : null}
    </View>
  );
}
