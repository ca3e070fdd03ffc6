import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { NamedRef, RoomView } from '@linli/shared';
import { Authenticated } from '../../common/auth/authenticated.decorator';
import { IdPipe } from '../../common/http/zod-pipe';
import { HousesService } from './houses.service';

/** Project → building → unit → room, for the resident's house picker. */
@ApiTags('houses')
@Controller()
@Authenticated()
export class LocationsController {
  constructor(private readonly houses: HousesService) {}

  @Get('projects')
  @ApiOperation({ summary: '项目（小区）列表' })
  projects(): Promise<NamedRef[]> {
    return this.houses.listProjects();
  }

  @Get('projects/:id/buildings')
  @ApiOperation({ summary: '项目下的楼栋' })
  buildings(@Param('id', new IdPipe('项目')) id: number): Promise<NamedRef[]> {
    return this.houses.listBuildings(id);
  }

  @Get('buildings/:id/units')
  @ApiOperation({ summary: '楼栋下的单元' })
  units(@Param('id', new IdPipe('楼栋')) id: number): Promise<NamedRef[]> {
    return this.houses.listUnits(id);
  }

  @Get('units/:id/rooms')
  @ApiOperation({ summary: '单元下的房间' })
  rooms(@Param('id', new IdPipe('单元')) id: number): Promise<RoomView[]> {
    return this.houses.listRooms(id);
  }
}
