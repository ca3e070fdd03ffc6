import { useMemo, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Input, ScrollView, Text, View } from '@tarojs/components';
import { Button, Popup } from '@nutui/nutui-react-taro';
import {
  GRADES,
  GRADE_LABELS,
  KIND_LABELS,
  REQUEST_KINDS,
  type CategoryAdminNode,
  type CategoryAdminTree,
  type Grade,
  type RequestKind,
} from '@linli/shared';
import ChoiceChips from '../../../components/ChoiceChips';
import FieldError from '../../../components/FieldError';
import PageState from '../../../components/PageState';
import { useRequest } from '../../../hooks/useRequest';
import { useRequireLogin } from '../../../hooks/useSession';
import { ApiError } from '../../../services/http';
import { listDepartments } from '../../../services/organization';
import {
  createCategory,
  deleteCategory,
  fetchCategoryTree,
  setCategoryRoute,
  updateCategory,
} from '../../../services/setup';
import { canEditSettings, canSeeSettings } from '../../../utils/routes';
import { findNode, moveTargets, unstaffedSummary, unstaffedText, visibleRows } from './tree';
import './index.scss';

const EDIT = 'category-edit';
const NONE = 0;
const TOP = 0;
const gradeChoices = GRADES.map((grade) => ({ id: grade, label: `${grade} ${GRADE_LABELS[grade]}` }));

function fieldErrorsOf(error: unknown): Record<string, string> | null {
  return error instanceof ApiError && error.hasFieldErrors ? error.fieldErrors : null;
}

/** 新增分类 (top level or under `parent`): a name, the department and grade its requests get. */
function NewCategoryPopup(props: {
  kind: RequestKind;
  parent: CategoryAdminNode | null;
  departments: Array<{ id: number; label: string }>;
  onClose: () => void;
  onCreated: (node: CategoryAdminNode) => void;
}) {
  const { kind, parent, departments, onClose, onCreated } = props;
  const form = 'category-new';
  const [name, setName] = useState('');
  const [departmentId, setDepartmentId] = useState<number>(NONE);
  const [grade, setGrade] = useState<Grade>(parent?.defaultGrade ?? 'C');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!name.trim()) {
      setErrors({ name: '请填写分类名称' });
      return;
    }
    setBusy(true);
    try {
      onCreated(
        await createCategory({
          kind,
          parentId: parent?.id ?? null,
          name: name.trim(),
          defaultDepartmentId: departmentId === NONE ? null : departmentId,
          defaultGrade: grade,
        }),
      );
      void Taro.showToast({ title: '分类已添加', icon: 'none' });
    } catch (error) {
      const fields = fieldErrorsOf(error);
      if (fields) setErrors(fields);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Popup
      visible
      position="bottom"
      round
      closeable
      title={parent ? `在「${parent.name}」下新增` : `新增${KIND_LABELS[kind]}分类`}
      onClose={onClose}
    >
      <View className="category-form" id={form}>
        <ScrollView scrollY className="category-form__body">
          <View className="form-field">
            <Text className="form-label form-label--required">分类名称</Text>
            <Input
              id={`${form}-name`}
              className="form-input"
              value={name}
              maxlength={50}
              placeholder="如 楼道灯不亮"
              onInput={(e) => {
                setName(e.detail.value);
                setErrors({});
              }}
            />
            <FieldError form={form} field="name" message={errors.name} />
          </View>
          <View className="form-field">
            <Text className="form-label">默认部门{parent ? '（不选则沿用上级）' : ''}</Text>
            <ChoiceChips
              idPrefix={`${form}-department`}
              choices={[{ id: NONE, label: '不指定' }, ...departments]}
              value={departmentId}
              onChange={setDepartmentId}
            />
            <FieldError form={form} field="defaultDepartmentId" message={errors.defaultDepartmentId} />
          </View>
          <View className="form-field">
            <Text className="form-label">默认等级</Text>
            <ChoiceChips<Grade> idPrefix={`${form}-grade`} choices={gradeChoices} value={grade} onChange={setGrade} />
          </View>
          <FieldError form={form} field="form" message={errors.form} />
        </ScrollView>
        <View className="category-form__foot">
          <Button id={`${form}-dismiss`} fill="outline" onClick={onClose}>
            取消
          </Button>
          <Button id={`${form}-submit`} type="primary" loading={busy} disabled={busy} onClick={() => void submit()}>
            添加
          </Button>
        </View>
      </View>
    </Popup>
  );
}

/**
 * One category: rename, default department and grade, move, disable or enable, delete (never
 * used only), and the projects' own departments. Managers see only the last, for their projects.
 */
function CategoryEditor(props: {
  tree: CategoryAdminTree;
  node: CategoryAdminNode;
  editable: boolean;
  departments: Array<{ id: number; label: string }>;
  onClose: () => void;
  onChanged: () => Promise<void>;
  onAddChild: (node: CategoryAdminNode) => void;
}) {
  const { tree, node, editable, departments, onClose, onChanged, onAddChild } = props;
  const [name, setName] = useState(node.name);
  const [departmentId, setDepartmentId] = useState<number>(node.defaultDepartmentId ?? NONE);
  const [grade, setGrade] = useState<Grade>(node.defaultGrade);
  const [moving, setMoving] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setErrors({});
    try {
      await work();
      await onChanged();
      void Taro.showToast({ title: done, icon: 'none' });
      return true;
    } catch (error) {
      const fields = fieldErrorsOf(error);
      if (fields) setErrors(fields);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (title: string, content: string, confirmText: string) =>
    (await Taro.showModal({ title, content, confirmText, confirmColor: '#e0452a' }).catch(() => ({ confirm: false })))
      .confirm;

  const save = () =>
    void run(
      () =>
        updateCategory(node.id, {
          name: name.trim(),
          defaultDepartmentId: departmentId === NONE ? null : departmentId,
          defaultGrade: grade,
        }),
      '已保存',
    );

  const toggleActive = async () => {
    if (node.active) {
      const ok = await confirm(
        '停用分类',
        `停用「${node.name}」${node.children.length ? '及其下级分类' : ''}？业主和客服将不能再选择它，已有诉求保持原分类。`,
        '停用',
      );
      if (!ok) return;
    }
    void run(() => updateCategory(node.id, { active: !node.active }), node.active ? '已停用' : '已启用');
  };

  const remove = async () => {
    if (!(await confirm('删除分类', `删除「${node.name}」？此操作不能撤销。`, '删除'))) return;
    if (await run(() => deleteCategory(node.id), '已删除')) onClose();
  };

  const move = (parentId: number) =>
    void run(() => updateCategory(node.id, { parentId: parentId === TOP ? null : parentId }), '已移动').then((ok) => {
      if (ok) setMoving(false);
    });

  const targets = moveTargets(tree.categories, node);
  return (
    <Popup visible position="bottom" round closeable title={node.name} onClose={onClose}>
      <View className="category-form" id={EDIT} data-category={node.id}>
        <ScrollView scrollY className="category-form__body">
          {node.unstaffed.length ? (
            <View className="category-unstaffed" id={`${EDIT}-unstaffed`}>
              <Text className="category-unstaffed__title">无人可派</Text>
              <Text className="category-unstaffed__text">
                {unstaffedText(node)}
                。该部门在这些项目没有在职、服务该项目的维修/服务人员或主管，新诉求会转到客服台待分派。请为部门添加人员，或为该项目指定其他部门。
              </Text>
            </View>
          ) : null}
          {editable ? (
            <View className="category-form__grid">
              <View className="form-field">
                <Text className="form-label form-label--required">名称</Text>
                <Input
                  id={`${EDIT}-name`}
                  className="form-input"
                  value={name}
                  maxlength={50}
                  onInput={(e) => setName(e.detail.value)}
                />
                <FieldError form={EDIT} field="name" message={errors.name} />
              </View>
              <View className="form-field">
                <Text className="form-label">默认等级</Text>
                <ChoiceChips<Grade>
                  idPrefix={`${EDIT}-grade`}
                  choices={gradeChoices}
                  value={grade}
                  onChange={setGrade}
                />
              </View>
              <View className="form-field category-form__wide">
                <Text className="form-label">默认部门{node.parentId ? '（不指定则沿用上级）' : ''}</Text>
                <ChoiceChips
                  idPrefix={`${EDIT}-department`}
                  choices={[{ id: NONE, label: '不指定' }, ...departments]}
                  value={departmentId}
                  onChange={setDepartmentId}
                />
                <FieldError form={EDIT} field="defaultDepartmentId" message={errors.defaultDepartmentId} />
              </View>
              <View className="category-form__actions category-form__wide">
                <Button id={`${EDIT}-save`} type="primary" size="small" disabled={busy} onClick={save}>
                  保存
                </Button>
                <Button
                  id={`${EDIT}-add-child`}
                  size="small"
                  fill="outline"
                  disabled={busy}
                  onClick={() => onAddChild(node)}
                >
                  添加下级
                </Button>
                <Button
                  id={`${EDIT}-move`}
                  size="small"
                  fill="outline"
                  disabled={busy}
                  onClick={() => setMoving(!moving)}
                >
                  移动
                </Button>
                <Button
                  id={`${EDIT}-toggle`}
                  size="small"
                  fill="outline"
                  disabled={busy}
                  onClick={() => void toggleActive()}
                >
                  {node.active ? '停用' : '启用'}
                </Button>
                {node.requestCount === 0 && node.children.length === 0 ? (
                  <Button
                    id={`${EDIT}-delete`}
                    size="small"
                    fill="outline"
                    disabled={busy}
                    onClick={() => void remove()}
                  >
                    删除
                  </Button>
                ) : null}
              </View>
              {node.requestCount > 0 ? (
                <Text className="muted category-form__wide" id={`${EDIT}-used`}>
                  已有 {node.requestCount} 件诉求使用此分类，不能删除，可停用。
                </Text>
              ) : null}
              {moving ? (
                <View className="form-field category-form__wide" id={`${EDIT}-move-targets`}>
                  <Text className="form-label">移到哪个分类下</Text>
                  <ChoiceChips
                    idPrefix={`${EDIT}-parent`}
                    choices={[...(node.parentId !== null ? [{ id: TOP, label: '顶级分类' }] : []), ...targets]}
                    value={null}
                    onChange={move}
                  />
                  <FieldError form={EDIT} field="parentId" message={errors.parentId} />
                </View>
              ) : null}
            </View>
          ) : (
            <Text className="muted">
              默认部门：{node.defaultDepartmentName ?? '沿用上级'} · 默认等级 {node.defaultGrade}
              （仅公司管理员可修改分类）
            </Text>
          )}
          <RouteOverrides node={node} projects={tree.projects} departments={departments} onChanged={onChanged} />
        </ScrollView>
      </View>
    </Popup>
  );
}

/** 各项目派单: a project's own department for this category, over the tree's default. */
function RouteOverrides(props: {
  node: CategoryAdminNode;
  projects: CategoryAdminTree['projects'];
  departments: Array<{ id: number; label: string }>;
  onChanged: () => Promise<void>;
}) {
  const { node, projects, departments, onChanged } = props;
  const [projectId, setProjectId] = useState<number | null>(projects[0]?.id ?? null);
  const [busy, setBusy] = useState(false);
  const route = node.routes.find((item) => item.projectId === projectId);
  const staffing = useRequest(() => listDepartments(projectId), [projectId], { ready: projectId !== null });
  const counted = departments.map((department) => {
    const count = staffing.data?.find((item) => item.id === department.id)?.dispatchable;
    return { ...department, tag: count === 0 ? <Text className="category-chip-red">（无人）</Text> : undefined };
  });

  const set = async (departmentId: number) => {
    if (projectId === null) return;
    setBusy(true);
    try {
      await setCategoryRoute(node.id, projectId, { departmentId: departmentId === NONE ? null : departmentId });
      await onChanged();
      void Taro.showToast({ title: departmentId === NONE ? '已恢复分类默认' : '已设置项目派单', icon: 'none' });
    } finally {
      setBusy(false);
    }
  };

  if (projects.length === 0) return null;
  return (
    <View className="category-routes" id="category-routes">
      <Text className="category-routes__title">各项目派单（覆盖分类默认部门）</Text>
      {node.routes.map((item) => (
        <Text
          key={item.projectId}
          className={item.unstaffed ? 'category-routes__row category-routes__row--red' : 'category-routes__row'}
          id={`category-route-${item.projectId}`}
          data-unstaffed={item.unstaffed ? 'true' : 'false'}
        >
          {item.projectName} → {item.departmentName}
          {item.unstaffed ? '（无人可派）' : ''}
        </Text>
      ))}
      {projects.length > 1 ? (
        <ChoiceChips
          idPrefix="category-route-project"
          choices={projects.map((project) => ({ id: project.id, label: project.name }))}
          value={projectId}
          onChange={setProjectId}
        />
      ) : null}
      <ChoiceChips
        idPrefix="category-route-department"
        choices={[{ id: NONE, label: '按分类默认' }, ...counted].map((choice) => ({ ...choice, disabled: busy }))}
        value={route?.departmentId ?? NONE}
        onChange={(id) => void set(id)}
      />
    </View>
  );
}

/**
 * 分类与派单: tabs per kind (`#categories-kind-<kind>`), the tree with expand/collapse (rows
 * `#category-<id>`, `data-unstaffed`, toggles `#category-<id>-toggle`), a node's editor in a
 * sheet (`#category-edit`), and 新增顶级分类 (`#category-add`). Red 无人可派: the same rule filing uses.
 */
export default function CategoriesPage() {
  const user = useRequireLogin();
  const allowed = canSeeSettings(user?.role);
  const editable = canEditSettings(user?.role);
  const [kind, setKind] = useState<RequestKind>('repair');
  const tree = useRequest(() => fetchCategoryTree(kind), [kind], { ready: allowed });
  const departments = useRequest(() => listDepartments(), [], { ready: allowed });
  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  const [selected, setSelected] = useState<number | null>(null);
  const [adding, setAdding] = useState<{ parent: CategoryAdminNode | null } | null>(null);

  usePullDownRefresh(() => {
    void (allowed ? tree.refresh() : Promise.resolve()).finally(() => void Taro.stopPullDownRefresh());
  });

  const departmentChoices = useMemo(
    () => (departments.data ?? []).map((department) => ({ id: department.id, label: department.name })),
    [departments.data],
  );

  if (!user) return <View className="page" />;
  if (!allowed) {
    return (
      <View className="page">
        <View className="card muted" id="categories-forbidden">
          分类与派单供项目经理和公司管理员使用。
        </View>
      </View>
    );
  }

  const data = tree.data;
  const rows = data ? visibleRows(data.categories, expanded) : [];
  const node = data && selected !== null ? findNode(data.categories, selected) : null;
  const toggle = (id: number) =>
    setExpanded((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <View className="page categories-page">
      <View className="card categories-intro" id="categories-intro">
        <Text className="categories-intro__text">
          每个分类决定诉求默认派给哪个部门、按什么等级计时；下级分类不指定部门则沿用上级。项目可为分类指定自己的部门。
          {editable ? '' : '分类由公司管理员维护，您可为所管项目指定派单部门。'}
        </Text>
        <ChoiceChips<RequestKind>
          idPrefix="categories-kind"
          choices={REQUEST_KINDS.map((k) => ({ id: k, label: KIND_LABELS[k] }))}
          value={kind}
          onChange={(next) => {
            setKind(next);
            setSelected(null);
            setExpanded(new Set());
          }}
        />
        {editable ? (
          <Button id="category-add" type="primary" size="small" onClick={() => setAdding({ parent: null })}>
            新增顶级分类
          </Button>
        ) : null}
      </View>
      <PageState
        id="categories"
        loading={tree.loading && !data}
        error={data ? undefined : tree.error}
        onRetry={() => void tree.refresh()}
        empty={!!data && data.categories.length === 0}
        emptyText={`还没有${KIND_LABELS[kind]}分类`}
        rows={8}
      >
        <View className="card category-tree" id="category-tree">
          {rows.map(({ node: row, depth, hasChildren, expanded: open }) => (
            <View
              key={row.id}
              className={`category-row${row.active ? '' : ' category-row--off'}`}
              id={`category-${row.id}`}
              data-unstaffed={row.unstaffed.length ? 'true' : 'false'}
              data-active={row.active ? 'true' : 'false'}
              style={{ paddingLeft: `${depth * 32}px` }}
            >
              <View
                className="category-row__toggle tap-target"
                id={`category-${row.id}-toggle`}
                onClick={() => hasChildren && toggle(row.id)}
              >
                {hasChildren ? (open ? '▾' : '▸') : '·'}
              </View>
              <View className="category-row__main" id={`category-${row.id}-open`} onClick={() => setSelected(row.id)}>
                <Text className="category-row__name">{row.name}</Text>
                <Text className="category-row__meta">
                  {row.defaultGrade} 级 · {row.defaultDepartmentName ?? (row.parentId ? '沿用上级' : '未指定部门')}
                  {row.routes.length ? ` · ${row.routes.length} 个项目另派` : ''}
                  {row.active ? '' : ' · 已停用'}
                </Text>
                {row.unstaffed.length ? (
                  <Text className="category-row__red" id={`category-${row.id}-unstaffed`}>
                    无人可派 · {unstaffedSummary(row)}
                  </Text>
                ) : null}
              </View>
            </View>
          ))}
        </View>
      </PageState>
      {node && data ? (
        <CategoryEditor
          key={`${node.id}-${node.name}-${node.defaultDepartmentId}-${node.defaultGrade}`}
          tree={data}
          node={node}
          editable={editable}
          departments={departmentChoices}
          onClose={() => setSelected(null)}
          onChanged={() => tree.refresh().then(() => undefined)}
          onAddChild={(parent) => setAdding({ parent })}
        />
      ) : null}
      {adding ? (
        <NewCategoryPopup
          kind={kind}
          parent={adding.parent}
          departments={departmentChoices}
          onClose={() => setAdding(null)}
          onCreated={(created) => {
            setAdding(null);
            if (created.parentId !== null) setExpanded((previous) => new Set([...previous, created.parentId!]));
            void tree.refresh().then(() => setSelected(created.id));
          }}
        />
      ) : null}
    </View>
  );
}
