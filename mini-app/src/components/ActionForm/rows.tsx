import { Input, Text, View } from '@tarojs/components';
import { formatFen, yuanToFen } from '../../utils/money';
import FieldError from '../FieldError';
import MoneyInput from '../MoneyInput';
import { EMPTY_FEE, EMPTY_MATERIAL, feeTotalFen, type FeeRow, type MaterialRow } from './spec';

const FORM = 'action';

/** 用料: name, quantity, unit and unit price in 元 per row (`#action-material-<i>-<field>`). */
export function MaterialsField(props: {
  rows: MaterialRow[];
  onChange: (rows: MaterialRow[]) => void;
  error?: string;
}) {
  const { rows, onChange, error } = props;
  const update = (index: number, patch: Partial<MaterialRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const totalFen = rows.reduce((sum, row) => {
    const price = yuanToFen(row.unitPrice);
    const quantity = Number(row.quantity);
    return price !== null && Number.isFinite(quantity) ? sum + Math.round(price * quantity) : sum;
  }, 0);
  return (
    <View className="form-field" id="action-materials">
      <Text className="form-label">用料（选填）</Text>
      {rows.map((row, index) => (
        <View className="action-rows__row" key={index}>
          <View className="action-rows__line">
            <Input
              id={`action-material-${index}-name`}
              className="form-input action-rows__name"
              value={row.name}
              maxlength={50}
              placeholder="材料名称"
              onInput={(e) => update(index, { name: e.detail.value })}
            />
            <Text
              className="action-rows__remove"
              id={`action-material-${index}-remove`}
              onClick={() => onChange(rows.filter((_, i) => i !== index))}
            >
              删除
            </Text>
          </View>
          <View className="action-rows__line">
            <Input
              id={`action-material-${index}-quantity`}
              className="form-input action-rows__qty"
              type="digit"
              value={row.quantity}
              maxlength={8}
              placeholder="数量"
              onInput={(e) => update(index, { quantity: e.detail.value })}
            />
            <Input
              id={`action-material-${index}-unit`}
              className="form-input action-rows__unit"
              value={row.unit}
              maxlength={10}
              placeholder="单位"
              onInput={(e) => update(index, { unit: e.detail.value })}
            />
            <View className="action-rows__price">
              <MoneyInput
                id={`action-material-${index}-price`}
                value={row.unitPrice}
                placeholder="单价"
                onChange={(unitPrice) => update(index, { unitPrice })}
              />
            </View>
          </View>
        </View>
      ))}
      <View className="action-rows__foot">
        <Text
          className="card__link"
          id="action-material-add"
          onClick={() => onChange([...rows, { ...EMPTY_MATERIAL }])}
        >
          + 添加材料
        </Text>
        {rows.length > 0 ? (
          <Text className="muted" id="action-material-total">
            材料合计 {formatFen(totalFen)}
          </Text>
        ) : null}
      </View>
      <FieldError form={FORM} field="materials" message={error} />
    </View>
  );
}

/** 收费项目 in 元 with the running total (`#action-fee-<i>-<field>`, `#action-fee-total`). */
export function FeeItemsField(props: { rows: FeeRow[]; onChange: (rows: FeeRow[]) => void; error?: string }) {
  const { rows, onChange, error } = props;
  const update = (index: number, patch: Partial<FeeRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <View className="form-field" id="action-fees">
      <Text className="form-label form-label--required">收费项目</Text>
      {rows.map((row, index) => (
        <View className="action-rows__line" key={index}>
          <Input
            id={`action-fee-${index}-name`}
            className="form-input action-rows__name"
            value={row.name}
            maxlength={50}
            placeholder="项目，如：更换水龙头"
            onInput={(e) => update(index, { name: e.detail.value })}
          />
          <View className="action-rows__amount">
            <MoneyInput
              id={`action-fee-${index}-amount`}
              value={row.amount}
              onChange={(amount) => update(index, { amount })}
            />
          </View>
          {rows.length > 1 ? (
            <Text
              className="action-rows__remove"
              id={`action-fee-${index}-remove`}
              onClick={() => onChange(rows.filter((_, i) => i !== index))}
            >
              删除
            </Text>
          ) : null}
        </View>
      ))}
      <View className="action-rows__foot">
        <Text className="card__link" id="action-fee-add" onClick={() => onChange([...rows, { ...EMPTY_FEE }])}>
          + 添加项目
        </Text>
        <Text className="action-rows__total" id="action-fee-total">
          合计 {formatFen(feeTotalFen(rows))}
        </Text>
      </View>
      <FieldError form={FORM} field="feeItems" message={error} />
    </View>
  );
}
