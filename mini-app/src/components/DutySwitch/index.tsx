import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useRequest } from '../../hooks/useRequest';
import { myDuty, setMyDuty } from '../../services/estate';
import '../AdminForm/index.scss';
import './index.scss';

/**
 * 在岗/休息 on the worker's own home (`#duty-switch`, `data-on`): while 休息, auto dispatch and
 * the 抢单 reminders pass them by. Hidden until the current state is known.
 */
export default function DutySwitch() {
  const duty = useRequest(myDuty, []);
  const [saving, setSaving] = useState(false);
  if (!duty.data) return null;
  const on = duty.data.onDuty;
  const toggle = async () => {
    if (saving) return;
    setSaving(true);
    try {
      duty.mutate(await setMyDuty(!on));
      void Taro.showToast({ title: on ? '已切换为休息' : '已切换为在岗', icon: 'none' });
    } finally {
      setSaving(false);
    }
  };
  return (
    <View className="card duty-switch">
      <View>
        <Text className="duty-switch__title">{on ? '在岗' : '休息'}</Text>
        <Text className="muted duty-switch__hint">{on ? '可以接收派单与抢单提醒' : '休息中，不会被自动派单'}</Text>
      </View>
      <View
        id="duty-switch"
        data-on={on ? 'true' : 'false'}
        className={`admin-switch${on ? ' admin-switch--on' : ''}`}
        onClick={() => void toggle()}
      >
        <View className="admin-switch__track">
          <View className="admin-switch__knob" />
        </View>
      </View>
    </View>
  );
}
