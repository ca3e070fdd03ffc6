import { Text, View } from '@tarojs/components';
import type { CategoryNode } from '@linli/shared';
import { walkCategories } from '../../utils/categories';
import ChoiceChips from '../ChoiceChips';
import './index.scss';

/**
 * The category tree as rows of chips, one row per level (`#<idPrefix>-<categoryId>`); pick down
 * to a leaf. The path so far is shown as `#<idPrefix>-chosen`.
 */
export default function CategoryPicker(props: {
  idPrefix: string;
  tree: CategoryNode[];
  path: number[];
  onChange: (path: number[]) => void;
}) {
  const { idPrefix, tree, path, onChange } = props;
  const chosen = walkCategories(tree, path);
  const levels: CategoryNode[][] = [tree];
  for (const node of chosen) {
    if (node.children && node.children.length > 0) levels.push(node.children);
  }
  return (
    <>
      <View className="category-picker" id={idPrefix}>
        {levels.map((options, depth) => (
          <View className={`category-picker__level category-picker__level--${depth}`} key={depth}>
            <ChoiceChips
              idPrefix={idPrefix}
              choices={options.map((node) => ({ id: node.id, label: node.name }))}
              value={path[depth]}
              onChange={(id) => onChange([...path.slice(0, depth), id])}
            />
          </View>
        ))}
      </View>
      {chosen.length > 0 ? (
        <Text className="muted category-chosen" id={`${idPrefix}-chosen`}>
          已选：{chosen.map((node) => node.name).join(' / ')}
        </Text>
      ) : null}
    </>
  );
}
