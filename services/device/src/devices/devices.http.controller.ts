import { Controller, Delete, Get, Inject, Patch, Post } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ops/auth';
import { ApiTags, page, Returns, ValidBody, ValidParams, ValidQuery } from '@ops/http';
import { deviceResponse, registeredDeviceResponse } from '../device.responses.js';
import {
  deviceParams,
  listDevicesQuery,
  registerDeviceRequest,
  updateDeviceRequest,
  type ListDevicesQuery,
  type RegisterDeviceRequest,
  type UpdateDeviceRequest,
} from './device.requests.js';
import { deviceView } from './device.view.js';
import { DevicesService } from './devices.service.js';

@ApiTags('devices')
@Controller('api/v1/devices')
export class DevicesController {
  constructor(@Inject(DevicesService) private readonly devices: DevicesService) {}

  /** The credential (`<device_id>.<secret>`) is in this response only. */
  @Post()
  @Returns(201, registeredDeviceResponse)
  async register(@CurrentPrincipal() principal: Principal, @ValidBody(registerDeviceRequest) body: RegisterDeviceRequest) {
    const { device, credential } = await this.devices.register(principal, body);
    return { ...deviceView(device), credential };
  }

  @Get()
  @Returns(200, page(deviceResponse))
  async list(@CurrentPrincipal() principal: Principal, @ValidQuery(listDevicesQuery) query: ListDevicesQuery) {
    const rows = await this.devices.list(principal, query);
    return { data: rows.map(deviceView), next_cursor: rows.length === query.limit ? rows.at(-1)!.id : null };
  }

  @Get(':id')
  @Returns(200, deviceResponse)
  async get(@CurrentPrincipal() principal: Principal, @ValidParams(deviceParams) params: { id: string }) {
    return deviceView(await this.devices.get(principal, params.id));
  }

  @Patch(':id')
  @Returns(200, deviceResponse)
  async update(
    @CurrentPrincipal() principal: Principal,
    @ValidParams(deviceParams) params: { id: string },
    @ValidBody(updateDeviceRequest) body: UpdateDeviceRequest,
  ) {
    return deviceView(await this.devices.update(principal, params.id, body));
  }

  @Delete(':id')
  @Returns(204)
  async delete(@CurrentPrincipal() principal: Principal, @ValidParams(deviceParams) params: { id: string }) {
    await this.devices.delete(principal, params.id);
  }
}
