import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import {
  OWNER_RELATION_LABELS,
  REGISTER_IMPORT_RULE,
  type RegisterImportReport,
  type RegisterImportResult,
  type RegisterOutcome,
  type RegisterReportRow,
} from '@linli/shared';
import ChoiceChips from '../../../components/ChoiceChips';
import FilterTabs from '../../../components/FilterTabs';
import PageState from '../../../components/PageState';
import { useRequest } from '../../../hooks/useRequest';
import { useRequireLogin } from '../../../hooks/useSession';
import { listProjects } from '../../../services/houses';
import { errorMessage } from '../../../services/http';
import {
  MAX_REGISTER_BYTES,
  commitRegisterImport,
  exportRegister,
  previewRegisterImport,
  type PickedFile,
} from '../../../services/owner-register';
import { changeText, confirmText, fieldLabel, firstTab, reportTabs, shownNote } from './report';
import './index.scss';

const REGISTER_ROLES = ['manager', 'admin'];

type Stage = { kind: 'idle' } | { kind: 'uploading'; percent: number } | { kind: 'checking' } | { kind: 'committing' };

function PersonRow({ row }: { row: RegisterReportRow }) {
  const { line } = row;
  return (
    <View className="register-row" data-row={row.rowNumber ?? ''}>
      <Text className="register-row__no">{row.rowNumber === null ? '名册' : `第 ${row.rowNumber} 行`}</Text>
      <Text className="register-row__room">
        {line.building} {line.unit} {line.room}
      </Text>
      <Text className="register-row__name">
        {line.name} · {OWNER_RELATION_LABELS[line.relation]}
      </Text>
      <Text className="register-row__phone">{line.phone}</Text>
      {row.changes?.length ? <Text className="register-row__changes">{changeText(row)}</Text> : null}
    </View>
  );
}

/**
 * 业主名册 (issue 14.3): pick a project and a file (.xlsx/.csv), see the dry run row by row in
 * tabs 新增/更新/不变/错误 with each error's row, field and reason, then 确认导入 after a
 * confirmation; 导出 saves the register as .xlsx. Managers and admins.
 */
export default function RegisterPage() {
  const user = useRequireLogin();
  const allowed = !!user && REGISTER_ROLES.includes(user.role);
  const projects = useRequest(listProjects, [], { ready: allowed });
  const [projectId, setProjectId] = useState<number | null>(null);
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [report, setReport] = useState<RegisterImportReport | null>(null);
  const [tab, setTab] = useState<RegisterOutcome>('new');
  const [result, setResult] = useState<RegisterImportResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const fileInput = useRef<HTMLInputElement | null>(null);

  useEffect(() => {
    if (projectId === null && projects.data?.length) setProjectId(projects.data[0].id);
  }, [projects.data, projectId]);

  const project = projects.data?.find((item) => item.id === projectId) ?? null;
  const busy = stage.kind !== 'idle';

  const preview = async (picked: PickedFile) => {
    if (!projectId) return;
    setProblem(null);
    setResult(null);
    setReport(null);
    if (picked.size > MAX_REGISTER_BYTES) {
      setProblem('文件过大：业主名册不能超过 10 MB');
      return;
    }
    setStage({ kind: 'uploading', percent: 0 });
    try {
      const answer = await previewRegisterImport(projectId, picked, (percent) =>
        setStage(percent >= 100 ? { kind: 'checking' } : { kind: 'uploading', percent }),
      );
      setReport(answer);
      setTab(firstTab(answer));
    } catch (error) {
      const details = (error as { details?: { message: string }[] }).details ?? [];
      setProblem([errorMessage(error), ...details.map((detail) => detail.message)].join('\n'));
    } finally {
      setStage({ kind: 'idle' });
    }
  };

  const choose = async () => {
    if (process.env.TARO_ENV === 'h5') {
      fileInput.current?.click();
      return;
    }
    try {
      const picked = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx', 'csv'] });
      const file = picked.tempFiles[0];
      if (file) await preview({ name: file.name, size: file.size, path: file.path });
    } catch {
      // Closing the chooser is not an error.
    }
  };

  const onBrowserFile = (event: { target: HTMLInputElement }) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) void preview({ name: file.name, size: file.size, file });
  };

  const commit = async () => {
    if (!report?.token || !projectId) return;
    const answer = await Taro.showModal({ title: '确认导入', content: confirmText(report), confirmText: '导入' });
    if (!answer.confirm) return;
    setStage({ kind: 'committing' });
    try {
      setResult(await commitRegisterImport(projectId, report.token));
      setReport(null);
      void Taro.showToast({ title: '已导入', icon: 'success' });
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setStage({ kind: 'idle' });
    }
  };

  const download = async () => {
    if (!project) return;
    setExporting(true);
    try {
      await exportRegister(project.id, project.name);
    } catch (error) {
      void Taro.showToast({ title: errorMessage(error), icon: 'none' });
    } finally {
      setExporting(false);
    }
  };

  if (user && !allowed) {
    return (
      <View className="page register-page">
        <View className="card muted" id="register-forbidden">
          业主名册由项目经理和公司管理员维护。
        </View>
      </View>
    );
  }

  const tabs = report ? reportTabs(report) : [];
  const rowsOf = (key: RegisterOutcome) => (report && key !== 'error' ? report.samples[key] : []);
  const note = report ? shownNote(report, tab) : null;

  return (
    <View className="page register-page" id="register-page">
      <PageState id="register-projects" loading={projects.loading} error={projects.error} onRetry={projects.refresh}>
        <View className="card register-intro">
          <View className="card__title">
            <Text>项目</Text>
          </View>
          <ChoiceChips
            idPrefix="register-project"
            choices={(projects.data ?? []).map((item) => ({ id: item.id, label: item.name }))}
            value={projectId}
            onChange={(id) => {
              setProjectId(id);
              setReport(null);
              setResult(null);
              setProblem(null);
            }}
          />
          <Text className="register-intro__text">
            列：楼栋、单元、房号、业主姓名、联系电话、身份（业主/家属/租户）、面积；支持 .xlsx 与 .csv，不超过 10 MB。
          </Text>
          <Text className="register-intro__rule" id="register-rule">
            导入规则：{report?.rule ?? REGISTER_IMPORT_RULE}
          </Text>
          <View className="register-intro__actions">
            <Button id="register-choose" type="primary" disabled={!projectId || busy} onClick={() => void choose()}>
              选择文件并预览
            </Button>
            <Button
              id="register-export"
              fill="outline"
              disabled={!projectId || exporting}
              loading={exporting}
              onClick={() => void download()}
            >
              导出名册
            </Button>
          </View>
          {process.env.TARO_ENV === 'h5' ? (
            <input
              ref={fileInput}
              id="register-file-input"
              className="register-intro__file"
              type="file"
              accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
              onChange={onBrowserFile}
            />
          ) : null}
        </View>
      </PageState>

      {busy ? (
        <View className="card register-progress" id="register-progress">
          <Text className="register-progress__label">
            {stage.kind === 'uploading'
              ? `正在上传 ${stage.percent}%`
              : stage.kind === 'checking'
                ? '正在逐行校验…'
                : '正在导入，请勿离开本页…'}
          </Text>
          <View className="register-progress__track">
            <View
              className={`register-progress__bar${stage.kind === 'uploading' ? '' : ' register-progress__bar--busy'}`}
              style={{ width: stage.kind === 'uploading' ? `${stage.percent}%` : '100%' }}
            />
          </View>
        </View>
      ) : null}

      {problem ? (
        <View className="card register-problem" id="register-problem">
          <Text>{problem}</Text>
        </View>
      ) : null}

      {result ? (
        <View className="card register-result" id="register-result">
          <Text className="register-result__title">已导入 {result.fileName}</Text>
          <Text>
            新增 {result.counts.new} · 更新 {result.counts.updated} · 不变 {result.counts.unchanged} · 移除{' '}
            {result.counts.removed} · 跳过错误行 {result.counts.error}
          </Text>
        </View>
      ) : null}

      {report ? (
        <View className="card register-report" id="register-report" data-token={report.token ?? ''}>
          <View className="card__title">
            <Text>预览：{report.fileName}</Text>
            <Text className="muted">共 {report.totalRows} 行，尚未写入</Text>
          </View>
          <FilterTabs idPrefix="register" tabs={tabs} value={tab} onChange={setTab} />
          {note ? <Text className="register-report__note">{note}</Text> : null}
          {tab === 'error' ? (
            report.errors.length ? (
              <View className="register-errors" id="register-errors">
                {report.errors.map((error) => (
                  <View
                    key={`${error.rowNumber}-${error.field}`}
                    className="register-error"
                    data-row={error.rowNumber}
                    data-field={error.field}
                  >
                    <Text className="register-error__row">第 {error.rowNumber} 行</Text>
                    <Text className="register-error__field">{fieldLabel(error.field)}</Text>
                    <Text className="register-error__message">{error.message}</Text>
                  </View>
                ))}
              </View>
            ) : (
              <Text className="muted register-report__empty">没有错误</Text>
            )
          ) : rowsOf(tab).length ? (
            <View className="register-rows" id={`register-rows-${tab}`}>
              {rowsOf(tab).map((row) => (
                <PersonRow key={`${row.rowNumber}-${row.line.name}-${row.line.phone}`} row={row} />
              ))}
            </View>
          ) : (
            <Text className="muted register-report__empty">没有这类行</Text>
          )}
          <View className="register-report__foot">
            {report.token ? (
              <Button id="register-commit" type="primary" disabled={busy} onClick={() => void commit()}>
                确认导入
              </Button>
            ) : (
              <Text className="muted" id="register-nothing">
                名册与文件一致，没有需要导入的变化
              </Text>
            )}
          </View>
        </View>
      ) : null}
    </View>
  );
}
