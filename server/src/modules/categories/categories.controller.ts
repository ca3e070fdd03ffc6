import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { REQUEST_KINDS, type CategoryNode } from '@linli/shared';
import { z } from 'zod';
import { Authenticated } from '../../common/auth/authenticated.decorator';
import { ApiZodQuery } from '../../common/http/openapi';
import { ZodPipe } from '../../common/http/zod-pipe';
import { CategoriesService } from './categories.service';

const treeQuerySchema = z.object({
  kind: z.enum(REQUEST_KINDS, { error: '类型只能是 complaint、repair 或 suggestion' }),
});

@ApiTags('categories')
@Controller('categories')
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: '某类诉求的分类树（含默认部门与默认等级）' })
  @ApiZodQuery(treeQuerySchema)
  tree(@Query(new ZodPipe(treeQuerySchema)) query: z.output<typeof treeQuerySchema>): Promise<CategoryNode[]> {
    return this.categories.tree(query.kind);
  }
}
